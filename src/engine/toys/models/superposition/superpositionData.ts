import { Rng } from '../../../util/random';
import { SparseFeatureSampler } from './sparseFeatures';

/**
 * Feature frequencies of dynamics-methods §3.1: p_i ∝ i^(−alpha), i = 1…n, normalised so Σp = 1 (one
 * active feature per sample on average). `density` s ∈ [0, 1] is the activation-density sweep (exp-15):
 * p ← p·(1 + s·(1/p_1 − 1)), so s = 1 makes the most frequent feature always active.
 * `alpha` is the paper's exponent (its code's `alpha` is this minus 1).
 */
export function powerLawFrequencies(n: number, alpha: number, density = 0): number[] {
  const raw = Array.from({ length: n }, (_, i) => Math.pow(i + 1, -alpha));
  const total = raw.reduce((a, b) => a + b, 0);
  const p = raw.map((r) => r / total);
  const scale = 1 + density * (1 / p[0] - 1);
  return p.map((q) => Math.min(1, q * scale));
}

/** Mean of v² for the magnitudes v ~ U(0, 2) of §3.1: 4/3. */
export const SUPERPOSITION_MEAN_SQUARE_MAGNITUDE = 4 / 3;

/** Samples x_i = u_i·v_i, u_i ~ Bernoulli(p_i), v_i ~ U(0, 2), drawn fresh for every step. */
export function superpositionSampler(probabilities: readonly number[], rng: Rng): SparseFeatureSampler {
  return new SparseFeatureSampler(probabilities, 0, 2, rng);
}

/**
 * §3.3's loss of features the model does not represent: each costs its full second moment,
 * (⟨v²⟩/n)·Σ_{i unrepresented} p_i, the MSE being a mean over the n outputs. In the weak regime, where
 * the represented features are the most frequent φn, this is the paper's (⟨v²⟩/n)·Σ_{i>φn} p_i.
 */
export function unrepresentedFeatureLoss(probabilities: readonly number[], represented: readonly boolean[]): number {
  let sum = 0;
  probabilities.forEach((p, i) => {
    if (!represented[i]) sum += p;
  });
  return (SUPERPOSITION_MEAN_SQUARE_MAGNITUDE * sum) / probabilities.length;
}
