import { defaultSpec } from '../../sae/trainingSpec';
import { openSource } from '../../sources';
import { groundTruthWeights } from '../groundTruthInit';
import { saeTrainingGraphs, trainStacked } from '../stackedTraining';
import { toyOf } from '../toyConfig';
import { hedgingOptimum, pairFiring, type HedgingOptimum, type PairFiring } from './analytic';
import { orthonormalBasis } from './subspace';

/**
 * Feature Hedging's single-latent toys (§4.1, `single_latent_hedging_plots.ipynb`): a parent f₀ and a child f₁,
 * orthonormal in d = 50, magnitudes 1, and an SAELens-v5 standard SAE with one latent (ReLU, L1 weighted by ‖W_dec‖,
 * free decoder, b_dec subtracted from the input, zero biases) initialised at W_enc[:,0] = f₀ + 0.25·N(0, I), W_dec =
 * W_encᵀ, trained with Adam (lr 3e-4, gradient norm clipped to 1) on batches of 500 for 24,414 steps (the notebook's
 * 100M "tokens" at 4096 per step). Too narrow to hold both features, the latent tilts towards the child when the two
 * co-occur (hedging) and away from it when they anti-occur; b_dec takes the child's mean.
 */
export interface SingleLatentOptions {
  /** A `toy:hedging-*` world. */
  toy: string;
  steps?: number;
  batch?: number;
  lr?: number;
  /** L1 coefficient λ₁ (default 1e-3; 2e-2 for the anti-correlated toy, as in the notebook). */
  l1?: number;
  /** Std of the Gaussian noise added to the ground-truth initialisation (default 0.25). */
  initNoise?: number;
  /** Seeds the samples and the initial noise (default 0). */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (step: number, steps: number) => void;
}

export interface SingleLatentResult {
  toy: string;
  steps: number;
  batch: number;
  lr: number;
  l1: number;
  initNoise: number;
  seed: number;
  cancelled: boolean;
  /** P(parent only) = P₁, P(both) = P₁₂, P(child only), P(neither). */
  firing: PairFiring;
  /**
   * θ* = ½·atan(2P₁₂/P₁) and its cosines: the MSE optimum of a tied, bias-free latent that sees only parent-only and
   * parent-and-child inputs, exact for the hierarchical toy; the trained SAE also has b_dec and child-only inputs.
   */
  analytic: HedgingOptimum;
  trained: {
    /** cos(W_dec[0,:], f₀), cos(W_dec[0,:], f₁). */
    decoder: { parent: number; child: number };
    /**
     * The encoder column projected onto span(f₀, f₁) first: inputs lie in that plane, so the off-plane part of the
     * encoder gets no gradient and keeps its initial noise.
     */
    encoder: { parent: number; child: number };
    /** ⟨b_dec, f₀⟩, ⟨b_dec, f₁⟩ (≈ P(child) when the latent leaves the child alone) and ‖b_dec‖. */
    bDec: { parent: number; child: number; norm: number };
  };
}

export const SINGLE_LATENT_PRESETS = ['hedging-independent', 'hedging-hierarchical', 'hedging-correlated', 'hedging-anticorrelated'] as const;

export async function runSingleLatentToy(o: SingleLatentOptions): Promise<SingleLatentResult> {
  const { config, source: toy } = toyOf(o.toy, SINGLE_LATENT_PRESETS);
  const p = config.params as { pParent: number; pChild: number; pChildAlone: number };
  const steps = o.steps ?? 24414, batch = o.batch ?? 500, lr = o.lr ?? 3e-4, seed = o.seed ?? 0, initNoise = o.initNoise ?? 0.25;
  const l1 = o.l1 ?? (config.preset === 'hedging-anticorrelated' ? 2e-2 : 1e-3);
  const firing = pairFiring(p.pParent, p.pChild, p.pChildAlone);
  const { source, truth } = await openSource(toy, { seed });
  try {
    const { d, features: F } = truth!;
    const spec = defaultSpec('standard', d, 1, batch);
    const trained = await trainStacked({
      ...saeTrainingGraphs(spec),
      source,
      steps,
      feeds: { lr, sparsity_coefficient: l1 },
      initial: { ...groundTruthWeights(F, d, [0], initNoise, seed) },
      signal: o.signal,
      onProgress: o.onProgress,
    });
    const { W_enc, W_dec, b_dec } = trained.state;
    const plane = orthonormalBasis(F, 2, d).vectors;
    const encoderInPlane = new Float64Array(d);
    for (let b = 0; b < 2; b++) {
      const c = dot(plane, b * d, W_enc, 0, d);
      for (let k = 0; k < d; k++) encoderInPlane[k] += c * plane[b * d + k];
    }
    const cosines = (v: ArrayLike<number>) => {
      const n = Math.sqrt(dot(v, 0, v, 0, d));
      return { parent: dot(v, 0, F, 0, d) / n, child: dot(v, 0, F, d, d) / n };
    };
    return {
      toy,
      steps,
      batch,
      lr,
      l1,
      initNoise,
      seed,
      cancelled: trained.cancelled,
      firing,
      analytic: hedgingOptimum(firing.parentOnly, firing.both),
      trained: {
        decoder: cosines(W_dec),
        encoder: cosines(encoderInPlane),
        bDec: { parent: dot(b_dec, 0, F, 0, d), child: dot(b_dec, 0, F, d, d), norm: Math.sqrt(dot(b_dec, 0, b_dec, 0, d)) },
      },
    };
  } finally {
    await source.close();
  }
}

function dot(a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, bOffset: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[aOffset + k] * b[bOffset + k];
  return s;
}
