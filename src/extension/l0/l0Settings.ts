/** The settings Run L0 Diagnostics uses: the spec's default sweep (engine defaults) on the given data. */
import type { L0SweepSettings } from '../../shared/protocol';

/** Sparse but Wrong's toy sweep (spec §7 T3): BatchTopK, k 5…18, batch 1024, lr 1e-3, 20480 held-out rows. */
export function defaultL0Settings(data: string, steps: number): L0SweepSettings {
  return { data, arch: 'batchtopk', width: null, l0s: null, coefficients: null, steps, batch: 1024, lr: 1e-3, seed: 0, evalRows: 20480 };
}
