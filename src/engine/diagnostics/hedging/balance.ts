import { decoderFeatureCosines, encoderFeatureCosines, type CosineMatrix } from '../../sae/metrics';
import { openSource } from '../../sources';
import { groundTruthWeights } from '../groundTruthInit';
import { trainStacked } from '../stackedTraining';
import { toyOf } from '../toyConfig';
import { matryoshkaL1TrainingGraph } from './matryoshkaL1';

/**
 * The balanced Matryoshka γ sweep on the hedging paper's tree toy (§4.4, `balancing_hedging_and_absorption.ipynb`):
 * a parent (p 0.25) with children that fire only with it, an SAE with one latent per feature, parents first, started
 * at the ground truth, and two Matryoshka levels: the parents alone (width = number of parents) and all latents.
 * The inner level weighs β = γ, the full SAE 1 (the engine's β_m = γ^(M−m); for γ > 1 the loss is divided by the
 * number of levels, as `train --gamma` does), plus the detached run (β → ∞).
 *   γ = 0: a plain SAE, where the parent latent absorbs its children: its encoder reads them negatively;
 *   γ → ∞: the parent latent must reconstruct alone and hedges: its decoder takes positive child components;
 *   in between the two pressures cancel; the balance point is the γ whose parent latents mix their children least.
 * The paper's toy: ReLU + L1 λ = 3e-2 (decoder-norm weighted, inner levels penalise their own prefix), Adam 3e-4,
 * 24,414 steps of 500, no initial noise.
 */
export interface BalanceSweepOptions {
  /** A `toy:tree?…` world (default `toy:tree`). */
  toy?: string;
  /** γ values (default 0, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, the paper's sweep). */
  gammas?: number[];
  /** Also run the detached SAE, β → ∞ (default true). */
  detached?: boolean;
  steps?: number;
  batch?: number;
  lr?: number;
  /** L1 coefficient λ (default 3e-2). */
  l1?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (run: string, step: number, steps: number) => void;
  /** Each run as it finishes, with the sweep so far, so a caller can show (and keep, on cancel) what is done. */
  onRun?: (run: BalanceRun, sweep: BalanceSweepResult) => void;
}

/** What one parent latent learned, against its own feature and its children's. */
export interface ParentLatent {
  latent: number;
  feature: number;
  children: number[];
  /** cos(W_dec[latent,:], f): with the parent and with each child. */
  decoder: { parent: number; children: number[] };
  /** cos(W_enc[:,latent], f). */
  encoder: { parent: number; children: number[] };
  /** Absorption: −min(0, min_j cos(W_enc[:,latent], f_child_j)). */
  absorption: number;
  /** Hedging: max(0, max_j cos(W_dec[latent,:], f_child_j)). */
  hedging: number;
  /** max_j max(|cos(W_enc[:,latent], f_child_j)|, |cos(W_dec[latent,:], f_child_j)|). */
  mixing: number;
}

export interface BalanceRun {
  /** "γ = 0.25" or "detached". */
  label: string;
  /** null for the detached run. */
  gamma: number | null;
  /** β of the inner and the full level (detached: 1, 1 behind a stop-gradient). */
  weights: number[];
  parents: ParentLatent[];
  /** The largest mixing over parent latents. */
  mixing: number;
  cancelled: boolean;
}

export interface BalanceSweepResult {
  toy: string;
  steps: number;
  batch: number;
  lr: number;
  l1: number;
  seed: number;
  /** Latent i started at feature order[i]: parents first. */
  order: number[];
  widths: number[];
  runs: BalanceRun[];
  /** The γ run (detached excluded) with the least mixing. */
  balance: { gamma: number; mixing: number } | null;
}

export const BALANCE_GAMMAS = [0, 0.1, 0.25, 0.5, 0.75, 1, 2, 5];

export async function runBalanceSweep(o: BalanceSweepOptions = {}): Promise<BalanceSweepResult> {
  const { source: toy } = toyOf(o.toy ?? 'toy:tree', ['tree']);
  const steps = o.steps ?? 24414, batch = o.batch ?? 500, lr = o.lr ?? 3e-4, l1 = o.l1 ?? 3e-2, seed = o.seed ?? 0;
  const { source, truth } = await openSource(toy, { seed });
  try {
    const { nFeatures: g, d, features: F, parents } = truth!;
    const tops = Array.from({ length: g }, (_, i) => i).filter((i) => parents![i] < 0);
    const order = [...tops, ...Array.from({ length: g }, (_, i) => i).filter((i) => parents![i] >= 0)];
    const widths = [tops.length, g];
    const plan: { label: string; gamma: number | null }[] = [
      ...(o.gammas ?? BALANCE_GAMMAS).map((gamma) => ({ label: `γ = ${gamma}`, gamma })),
      ...(o.detached ?? true ? [{ label: 'detached', gamma: null }] : []),
    ];
    const runs: BalanceRun[] = [];
    const sweepOf = (done: BalanceRun[]): BalanceSweepResult => {
      const candidates = done.filter((r) => r.gamma !== null && !r.cancelled);
      const best = candidates.reduce<BalanceRun | null>((a, r) => (a === null || r.mixing < a.mixing ? r : a), null);
      return { toy, steps, batch, lr, l1, seed, order, widths, runs: [...done], balance: best ? { gamma: best.gamma!, mixing: best.mixing } : null };
    };
    for (const { label, gamma } of plan) {
      if (o.signal?.aborted) break;
      const weights = gamma === null ? [1, 1] : [gamma, 1];
      await source.reset();
      const trained = await trainStacked({
        graph: matryoshkaL1TrainingGraph({ dIn: d, dSae: g, batch, widths, weights, detached: gamma === null, divisor: gamma !== null && gamma > 1 ? widths.length : 1 }),
        source,
        steps,
        feeds: { lr, sparsity_coefficient: l1 },
        initial: { ...groundTruthWeights(F, d, order) },
        signal: o.signal,
        onProgress: (step) => o.onProgress?.(label, step, steps),
      });
      const dec = decoderFeatureCosines(trained.state.W_dec, g, d, F, g);
      const enc = encoderFeatureCosines(trained.state.W_enc, d, g, F, g);
      const parentLatents = tops.map((feature, latent) => parentLatent(latent, feature, Array.from(parents!.keys()).filter((j) => parents![j] === feature), dec, enc));
      const run: BalanceRun = { label, gamma, weights, parents: parentLatents, mixing: Math.max(...parentLatents.map((p) => p.mixing)), cancelled: trained.cancelled };
      runs.push(run);
      o.onRun?.(run, sweepOf(runs));
    }
    return sweepOf(runs);
  } finally {
    await source.close();
  }
}

function parentLatent(latent: number, feature: number, children: number[], dec: CosineMatrix, enc: CosineMatrix): ParentLatent {
  const at = (C: CosineMatrix, j: number) => C.data[latent * C.features + j];
  const decChildren = children.map((j) => at(dec, j));
  const encChildren = children.map((j) => at(enc, j));
  return {
    latent,
    feature,
    children,
    decoder: { parent: at(dec, feature), children: decChildren },
    encoder: { parent: at(enc, feature), children: encChildren },
    absorption: Math.max(0, -Math.min(0, ...encChildren)),
    hedging: Math.max(0, ...decChildren),
    mixing: Math.max(0, ...encChildren.map(Math.abs), ...decChildren.map(Math.abs)),
  };
}
