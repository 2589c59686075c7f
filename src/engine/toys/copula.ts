import type { Rng } from '../util/random';
import { checkedProbabilities, type FiringSampler } from './firing';
import { standardNormal } from './gaussian';
import { correlationCholesky } from './linalg';
import { inverseNormalCdf } from './normal';

/**
 * Correlated Bernoulli features through a Gaussian copula (spec §2.1): z = L·ε with L Lᵀ = C and ε ~ N(0, I),
 * and feature i fires when z_i > t_i = Φ⁻¹(1 − p_i), so its marginal is exactly p_i. C correlates the latent
 * Gaussians (a tetrachoric correlation), not the binary indicators.
 *
 * The reference samples z through an eigendecomposition for robustness near singular C; we use a Cholesky
 * factor (half the multiply-adds, lower-triangular), made robust by the unit-diagonal jitter of
 * `correlationCholesky`; `correlation` is the matrix actually sampled (C itself unless jitter was needed).
 */
export class CopulaFiring implements FiringSampler {
  readonly nFeatures: number;
  readonly probabilities: Float64Array;
  readonly correlation: Float64Array;
  private readonly thresholds: Float64Array;
  private readonly factor: Float64Array;
  private readonly noise: Float64Array;

  constructor(probabilities: readonly number[], correlation: Float64Array) {
    this.probabilities = checkedProbabilities(probabilities);
    const g = this.probabilities.length;
    this.nFeatures = g;
    // Φ⁻¹(1 − p) = −Φ⁻¹(p), without the rounding of 1 − p for small p.
    this.thresholds = this.probabilities.map((p) => -inverseNormalCdf(p));
    const { factor, jitter } = correlationCholesky(correlation, g);
    this.factor = factor;
    this.correlation = correlation.map((c, k) => (k % (g + 1) === 0 ? 1 : c / (1 + jitter)));
    this.noise = new Float64Array(g);
  }

  sample(rng: Rng, fired: Int32Array): number {
    const { factor, thresholds, noise } = this;
    const g = noise.length;
    for (let j = 0; j < g; j++) noise[j] = standardNormal(rng);
    let n = 0;
    let row = 0;
    for (let i = 0; i < g; i++) {
      // Four partial sums break the add-latency chain of z_i = Σ_{j ≤ i} L_ij ε_j (about 3× faster).
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let j = 0;
      for (; j + 3 <= i; j += 4) {
        z0 += factor[row + j] * noise[j];
        z1 += factor[row + j + 1] * noise[j + 1];
        z2 += factor[row + j + 2] * noise[j + 2];
        z3 += factor[row + j + 3] * noise[j + 3];
      }
      for (; j <= i; j++) z0 += factor[row + j] * noise[j];
      row += i + 1;
      if (z0 + z1 + (z2 + z3) > thresholds[i]) fired[n++] = i;
    }
    return n;
  }
}
