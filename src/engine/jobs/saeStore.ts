/** SAEs the inspector has open, held in the worker by handle so the host never carries their weights. */
import type { SaeBundle } from '../sae/bundle';
import type { ActivationRecord } from './activationRecord';
import { LatentTable } from './latentTable';
import type { TokenText } from './tokenText';

export interface OpenSae {
  bundle: SaeBundle;
  table: LatentTable;
  activations: ActivationRecord | null;
  tokens: TokenText | null;
}

export class SaeStore {
  private readonly open = new Map<number, OpenSae>();
  private nextHandle = 1;

  add(bundle: SaeBundle, table: LatentTable): number {
    const handle = this.nextHandle++;
    this.open.set(handle, { bundle, table, activations: null, tokens: null });
    return handle;
  }

  get(handle: number): OpenSae {
    const sae = this.open.get(handle);
    if (!sae) throw new Error(`no SAE is open under handle ${handle}; reopen the file`);
    return sae;
  }

  release(handle: number): boolean {
    return this.open.delete(handle);
  }
}
