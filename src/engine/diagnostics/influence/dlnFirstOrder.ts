import { HierarchicalData } from '../../toys/models/hierarchicalData';

/**
 * The first-order (gradient-similarity) proxy of the loss-trace covariance for the two-layer linear network:
 * for an isotropic perturbation of the weights, Cov(ℓ_i, ℓ_j) ≈ σ²·∇ℓ_i·∇ℓ_j. With one-hot inputs,
 * ∇_{W2}ℓ_i = −r_i h_iᵀ and ∇_{W1}ℓ_i = −(W2ᵀ r_i) e_iᵀ (h_i = W1 e_i, r_i = y_i − W2 h_i), so only W2 couples
 * two items: ∇ℓ_i·∇ℓ_j = (r_i·r_j)(h_i·h_j) for i ≠ j, and ‖∇ℓ_i‖² = ‖r_i‖²‖h_i‖² + ‖W2ᵀ r_i‖².
 */
export interface GradientSimilarity {
  items: number;
  /** ∇ℓ_i·∇ℓ_j [items, items]: the proxy covariance up to σ²; its negative is the proxy BIF. */
  inner: Float64Array;
  /** inner / (‖∇ℓ_i‖‖∇ℓ_j‖): the proxy correlation. */
  cosine: Float64Array;
}

/** From row-major w1 [H, n] and w2 [F, H] (a checkpoint's parameters). */
export function dlnGradientSimilarity(w1: ArrayLike<number>, w2: ArrayLike<number>, hidden: number, data: HierarchicalData): GradientSimilarity {
  const n = data.items.length;
  const features = data.features.length;
  if (w1.length !== hidden * n || w2.length !== features * hidden) {
    throw new RangeError(`weights do not fit the hierarchy: w1 has ${w1.length} values (needs ${hidden}×${n}), w2 ${w2.length} (needs ${features}×${hidden})`);
  }
  const h = Array.from({ length: n }, (_, i) => Float64Array.from({ length: hidden }, (_, k) => w1[k * n + i]));
  const r = h.map((hi, i) =>
    Float64Array.from({ length: features }, (_, f) => {
      let out = 0;
      for (let k = 0; k < hidden; k++) out += w2[f * hidden + k] * hi[k];
      return data.targets[f * n + i] - out;
    }),
  );
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, k) => s + v * b[k], 0);
  const backprop = r.map((ri) => Float64Array.from({ length: hidden }, (_, k) => {
    let s = 0;
    for (let f = 0; f < features; f++) s += w2[f * hidden + k] * ri[f];
    return s;
  }));
  const inner = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      inner[i * n + j] = dot(r[i], r[j]) * dot(h[i], h[j]) + (i === j ? dot(backprop[i], backprop[i]) : 0);
    }
  }
  const norm = Array.from({ length: n }, (_, i) => Math.sqrt(inner[i * n + i]));
  const cosine = inner.map((v, k) => {
    const i = Math.floor(k / n), j = k % n;
    return norm[i] > 0 && norm[j] > 0 ? v / (norm[i] * norm[j]) : i === j ? 1 : 0;
  });
  return { items: n, inner, cosine };
}
