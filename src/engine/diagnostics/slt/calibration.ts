import { SgldRunOptions, SgldSampler, SgldSamplerOptions } from './chains';
import { estimateLlcWith } from './llc';

export interface CalibrationCell {
  epsilon: number;
  nbeta: number;
  /** Mean and std of λ̂ over chains; null where every chain diverged. */
  llc: number | null;
  std: number | null;
  /** λ̂/nβ = E[L] − L(w*), the quantity devinterp's ε × nβ plots also show. */
  llcOverNbeta: number | null;
  divergedChains: number;
  flattened: boolean;
  negativeShare: number | null;
}

export interface CalibrationResult {
  cells: CalibrationCell[];
  /**
   * Per nβ, the largest ε whose cell is healthy (no chain diverged, flattened, λ̂ > 0) and whose λ̂ is within 10 %
   * of the healthy cell at the next smaller ε: λ̂ has stopped depending on ε there, and larger ε mixes faster.
   * null where no ε qualifies.
   */
  recommended: { nbeta: number; epsilon: number | null }[];
}

/** ε at 1/10, 1/√10, 1, √10, 10 times `epsilon`; nβ at ½, 1, 2 times `nbeta` (the default grid of `--calibrate`). */
export function defaultCalibrationGrid(epsilon: number, nbeta: number): { epsilons: number[]; nbetas: number[] } {
  return { epsilons: [0.1, 10 ** -0.5, 1, 10 ** 0.5, 10].map((f) => f * epsilon), nbetas: [0.5, 1, 2].map((f) => f * nbeta) };
}

/** λ̂ over an ε × nβ grid (devinterp's EpsilonBetaAnalyzer), each cell with its health, and the ε to use per nβ. */
export async function calibrateLlc(base: SgldSamplerOptions & SgldRunOptions, grid: { epsilons: readonly number[]; nbetas: readonly number[] }, onCell?: (c: CalibrationCell) => void): Promise<CalibrationResult> {
  const cells: CalibrationCell[] = [];
  const recommended: CalibrationResult['recommended'] = [];
  const epsilons = [...grid.epsilons].sort((a, b) => a - b);
  for (const nbeta of grid.nbetas) {
    const sampler = await SgldSampler.create({ ...base, nbeta });
    let best: number | null = null;
    let previous: number | null = null;
    try {
      for (const epsilon of epsilons) {
        const cell = await calibrationCell(sampler, { ...base, epsilon }, nbeta);
        cells.push(cell);
        onCell?.(cell);
        const healthy = cell.llc !== null && cell.divergedChains === 0 && cell.flattened && cell.llc > 0;
        if (healthy && previous !== null && Math.abs(cell.llc! - previous) <= 0.1 * Math.abs(previous)) best = epsilon;
        previous = healthy ? cell.llc : null;
      }
    } finally {
      await sampler.release();
    }
    recommended.push({ nbeta, epsilon: best });
  }
  return { cells, recommended };
}

async function calibrationCell(sampler: SgldSampler, o: SgldRunOptions & { epsilon: number }, nbeta: number): Promise<CalibrationCell> {
  try {
    const e = await estimateLlcWith(sampler, o);
    return {
      epsilon: o.epsilon, nbeta, llc: e.llc.mean, std: e.llc.std, llcOverNbeta: e.llc.mean / nbeta,
      divergedChains: e.health.divergences.length, flattened: e.health.flattened, negativeShare: e.health.negativeShare,
    };
  } catch (err) {
    if (!/diverged in every chain/.test(String(err))) throw err;
    return { epsilon: o.epsilon, nbeta, llc: null, std: null, llcOverNbeta: null, divergedChains: sampler.chains, flattened: false, negativeShare: null };
  }
}
