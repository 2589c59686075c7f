import type { CosineMatrix } from '../../sae/metrics';

/**
 * The latent order the papers draw the latent × feature heatmap in (Sparse but Wrong,
 * `plotting._find_best_index_reordering`): C is rounded to 2 decimals, each latent is assigned the feature with the
 * largest |C_ij| (the first on ties), and latents are sorted by that feature, ascending. torch's argsort there is
 * not stable; we break ties by latent index, so the order is reproducible. With ground-truth initialisation the
 * order is the identity.
 */
export interface LatentOrder {
  /** order[r] is the latent drawn in row r. */
  order: Int32Array;
  /** The feature each latent is assigned: argmax_j |round(C_ij, 2)|, per latent (not reordered). */
  bestFeature: Int32Array;
}

export function displayOrder({ data, latents, features }: CosineMatrix, decimals = 2): LatentOrder {
  const scale = 10 ** decimals;
  const bestFeature = new Int32Array(latents);
  for (let i = 0; i < latents; i++) {
    let best = -1;
    for (let j = 0; j < features; j++) {
      const magnitude = Math.abs(Math.round(data[i * features + j] * scale) / scale);
      if (magnitude > best) {
        best = magnitude;
        bestFeature[i] = j;
      }
    }
  }
  const order = Int32Array.from({ length: latents }, (_, i) => i).sort((p, q) => bestFeature[p] - bestFeature[q] || p - q);
  return { order, bestFeature };
}

/** The rows of C in the given latent order. */
export function reorderLatents({ data, latents, features }: CosineMatrix, order: Int32Array): CosineMatrix {
  if (order.length !== latents) throw new RangeError(`an order of ${order.length} latents for a matrix of ${latents}`);
  const out = new Float32Array(data.length);
  order.forEach((latent, row) => out.set(data.subarray(latent * features, (latent + 1) * features), row * features));
  return { data: out, latents, features };
}
