import { RidgeKernels, ridgeChunkRows } from './ridgeKernels';
import { symmetricEigen } from './symmetricEigen';

/** sae-methods §5.2's α grid: 10^−8 … 10^8, 17 values. */
export const RIDGE_ALPHAS: readonly number[] = Array.from({ length: 17 }, (_, i) => 10 ** (i - 8));

export interface RidgeFit {
  alpha: number;
  /** B [p, q], row-major: predictions are X·B. */
  coef: Float64Array;
  /** Mean squared leave-one-out error over rows and targets, per α of the grid. */
  looMse: Float64Array;
}

/**
 * scikit-learn's `RidgeCV(alphas, fit_intercept=False)` with its default efficient leave-one-out: one α shared
 * by all targets, chosen to minimise the LOO squared error averaged over rows and targets (the first α of the
 * grid on ties), then the ridge solution B = (XᵀX + αI)⁻¹XᵀY on all the given rows.
 * With XᵀX = V diag(λ) Vᵀ and Z = XV, the hat matrix is H(α) = Z diag(1/(λ + α)) Zᵀ, and the LOO residual of
 * row i is (y_i − ŷ_i)/(1 − H_ii): the quantity sklearn computes from the SVD of X.
 * `gram` may pass XᵀX and XᵀY when the caller has them (e.g. summed from folds). x: [n, p], y: [n, q], row-major.
 */
export async function ridgeCv(kernels: RidgeKernels, x: Float64Array, y: Float64Array, n: number, alphas: readonly number[],
  gram?: { xtx: Float64Array; xty: Float64Array }): Promise<RidgeFit> {
  const { p, q } = kernels;
  if (x.length !== n * p || y.length !== n * q) throw new RangeError(`ridge: expected X [${n}, ${p}] and Y [${n}, ${q}]`);
  if (alphas.length !== kernels.alphas || alphas.some((a) => !(a > 0))) throw new RangeError(`ridge: expected ${kernels.alphas} positive α values`);
  const { xtx, xty } = gram ?? (await kernels.gram(x, y, n));
  const { values: lambda, vectors: v } = symmetricEigen(xtx, p);
  const lambdaMax = lambda.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  // Directions X·v_k that are zero in exact arithmetic (per-sample layer norm makes X·1 = 0) carry only rounding
  // noise, which 1/(λ_k + α) would amplify at the smallest α; they are removed.
  const keep = Array.from(lambda, (l) => l > lambdaMax * p * 1e-13);
  const zty = new Float64Array(p * q);
  for (let k = 0; k < p; k++) {
    if (!keep[k]) continue;
    for (let i = 0; i < p; i++) {
      const w = v[i * p + k];
      for (let j = 0; j < q; j++) zty[k * q + j] += w * xty[i * q + j];
    }
  }
  const weights = (alpha: number) => Float64Array.from(lambda, (l, k) => (keep[k] ? 1 / (l + alpha) : 0));
  const g = new Float64Array(alphas.length * p);
  const m = new Float64Array(alphas.length * p * q);
  alphas.forEach((alpha, t) => {
    const gt = weights(alpha);
    g.set(gt, t * p);
    for (let k = 0; k < p; k++) for (let j = 0; j < q; j++) m[(t * p + k) * q + j] = gt[k] * zty[k * q + j];
  });
  const looMse = (await kernels.looSums(x, y, n, v, m, g)).map((s) => s / (n * q));
  let best = 0;
  for (let t = 1; t < alphas.length; t++) if (looMse[t] < looMse[best]) best = t;

  const gBest = weights(alphas[best]);
  const coef = new Float64Array(p * q);
  for (let k = 0; k < p; k++) {
    if (!keep[k]) continue;
    for (let i = 0; i < p; i++) {
      const w = v[i * p + k] * gBest[k];
      for (let j = 0; j < q; j++) coef[i * q + j] += w * zty[k * q + j];
    }
  }
  return { alpha: alphas[best], coef, looMse };
}

/** RidgeCV on x [n, p], y [n, q] with its own ORT sessions (released before returning). */
export async function fitRidgeCv(x: Float64Array, y: Float64Array, n: number, p: number, q: number, alphas: readonly number[] = RIDGE_ALPHAS): Promise<RidgeFit> {
  const kernels = await RidgeKernels.create(p, q, alphas.length, ridgeChunkRows(n, q, alphas.length));
  try {
    return await ridgeCv(kernels, x, y, n, alphas);
  } finally {
    await kernels.release();
  }
}
