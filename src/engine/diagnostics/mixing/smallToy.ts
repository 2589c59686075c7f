import { decoderFeatureCosines, type CosineMatrix } from '../../sae/metrics';
import { defaultSpec } from '../../sae/trainingSpec';
import { openSource } from '../../sources';
import { groundTruthWeights } from '../groundTruthInit';
import { saeTrainingGraphs, trainStacked } from '../stackedTraining';
import { toyOf } from '../toyConfig';

/**
 * Sparse but Wrong's small-toy experiment (§3.1, A.3; spec T5): g = 5 orthogonal features in d = 20, each firing
 * with p = 0.4 (true L0 = 2), feature 0 correlated with the others at c. A BatchTopK SAE with h = g latents starts at
 * the ground truth (W_enc = Fᵀ, W_dec = F, zero biases), so whatever it learns is gradient pressure, not a local
 * minimum, and latent i keeps tracking f_i. Below the true L0 (k < 2) MSE pays latents 1…4 to borrow f₀:
 *   mix = mean_{i=1..g−1} cos(W_dec,i, f₀),
 * positive for c > 0, negative for c < 0, ≈ 0 at k = 2 or c = 0. The paper's text averages latents 1–4, its
 * notebook latents 1–3 (`dec_cos_sims[[1, 2, 3], 0]`); we follow the text.
 */
export interface SmallToyMixingOptions {
  /** A `toy:small?…` world (default `toy:small`). */
  toy?: string;
  /** Values of the world's c to run (default: the world's own c). */
  c?: number[];
  /** BatchTopK k values (mean latents per row; 1.8 is the paper's "L0 too low"). */
  k: number[];
  /** Steps (default 3000), batch (1024), learning rate (3e-4): the spec's T5 budget. */
  steps?: number;
  batch?: number;
  lr?: number;
  /** Sample seed (default 0). */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (run: { c: number; k: number }, step: number, steps: number) => void;
}

export interface SmallToyMixingRun {
  c: number;
  k: number;
  /** The world this run trained on. */
  toy: string;
  /** mean_{i=1..g−1} cos(W_dec,i, f₀). */
  mix: number;
  /** mean_i cos(W_dec,i, f_i): how well each latent still tracks its own feature. */
  diagonal: number;
  /** cos(W_dec,i, f_j), rows = latents (in ground-truth order), columns = features. */
  decoder: number[][];
  cancelled: boolean;
}

export interface SmallToyMixingResult {
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  runs: SmallToyMixingRun[];
  formula: string;
}

export const SMALL_TOY_MIX_FORMULA = 'mix = mean_{i=1..g−1} cos(W_dec,i, f₀) (BatchTopK, h = g, ground-truth initialisation)';

/** mean_{i=1..g−1} C[i, 0] of a latent × feature cosine matrix whose latent i started at f_i. */
export function smallToyMixScore(C: CosineMatrix): number {
  let sum = 0;
  for (let i = 1; i < C.latents; i++) sum += C.data[i * C.features];
  return sum / (C.latents - 1);
}

export async function runSmallToyMixing(o: SmallToyMixingOptions): Promise<SmallToyMixingResult> {
  const steps = o.steps ?? 3000, batch = o.batch ?? 1024, lr = o.lr ?? 3e-4, seed = o.seed ?? 0;
  const base = toyOf(o.toy ?? 'toy:small', ['small']);
  const cs = o.c ?? [base.config.params.c as number];
  const runs: SmallToyMixingRun[] = [];
  for (const c of cs) {
    for (const k of o.k) {
      if (o.signal?.aborted) break;
      const { source: toy } = toyOf(base.source, ['small'], { c });
      const { source, truth } = await openSource(toy, { seed });
      try {
        const { nFeatures: g, d, features: F } = truth!;
        const spec = defaultSpec('batchtopk', d, g, batch);
        spec.k = k;
        const init = groundTruthWeights(F, d, Array.from({ length: g }, (_, i) => i));
        const trained = await trainStacked({
          ...saeTrainingGraphs(spec),
          source,
          steps,
          feeds: { lr, sparsity_coefficient: 0 },
          initial: { ...init },
          signal: o.signal,
          onProgress: (step) => o.onProgress?.({ c, k }, step, steps),
        });
        const C = decoderFeatureCosines(trained.state.W_dec, g, d, F, g);
        let diagonal = 0;
        for (let i = 0; i < g; i++) diagonal += C.data[i * g + i] / g;
        const decoder = Array.from({ length: g }, (_, i) => Array.from(C.data.subarray(i * g, (i + 1) * g)));
        runs.push({ c, k, toy, mix: smallToyMixScore(C), diagonal, decoder, cancelled: trained.cancelled });
      } finally {
        await source.close();
      }
    }
  }
  return { steps, batch, lr, seed, runs, formula: SMALL_TOY_MIX_FORMULA };
}
