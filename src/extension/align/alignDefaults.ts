/** What Align Two Models… does not ask, without VS Code so tests can use it. */
import type { AlignSettings } from '../../shared/protocol';

/** The paper's protocol (sae-methods §5, §6) for everything the command does not ask. */
export function defaultAlignSettings(a: string, b: string, saes: { a: string; b: string } | null): AlignSettings {
  return {
    a,
    b,
    saeA: saes?.a ?? null,
    saeB: saes?.b ?? null,
    data: null,
    width: null,
    k: 7,
    lr: 1e-3,
    batch: 1024,
    saeSteps: null,
    evalRows: 10000,
    folds: 5,
    seed: 0,
    bothDirections: true,
  };
}
