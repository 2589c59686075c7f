import type { ActivationSource } from '../data/source';
import type { SaeBundle } from '../sae/bundle';
import { SaeSession } from '../sae/inference';

/** How often each latent fires (a ≠ 0) over up to `rows` rows of a source, and the rows actually read. */
export async function firingCounts(sae: SaeBundle, source: ActivationSource, rows: number, batch: number, signal?: AbortSignal): Promise<{ rows: number; fired: Float64Array }> {
  const { d_in: dIn, d_sae: dSae } = sae.cfg;
  const fired = new Float64Array(dSae);
  if (rows <= 0) return { rows: 0, fired };
  const session = await SaeSession.create(sae, batch);
  const x = new Float32Array(batch * dIn);
  let done = 0;
  try {
    while (done < rows) {
      if (signal?.aborted) throw new Error('cancelled');
      const filled = await source.nextBatch(x);
      if (filled === 0) break;
      const { acts } = await session.run(x);
      const take = Math.min(filled, rows - done);
      for (let b = 0; b < take; b++) for (let i = 0; i < dSae; i++) if (acts[b * dSae + i] !== 0) fired[i]++;
      done += take;
    }
  } finally {
    await session.release();
  }
  return { rows: done, fired };
}
