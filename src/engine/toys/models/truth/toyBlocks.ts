import type { TruthWorld } from './data';
import { embeddingIndex, truthToyWidth, unembeddingIndex } from './toyModel';

/**
 * The block structure of spec §4.2 read off W (W[i, j]: what input coordinate j writes to coordinate i),
 * each a mean over subjects x or attributes y:
 *   W[e_x, e_x] < 0,  W[u_g(x), e_x] above the other attribute unembeddings W[u_a, e_x],
 *   W[e_g⁻¹(y), e_y] > 0 and above the other subjects W[e_s, e_y],  W[u_y, e_y] < 0.
 */
export function truthToyBlocks(world: TruthWorld, w: Float32Array): Record<string, number> {
  const { n, attributeOf, subjectOf } = world;
  const d = truthToyWidth(n);
  const at = (i: number, j: number) => w[i * d + j];
  const sums = { w_ex_ex: 0, w_ugx_ex: 0, w_uother_ex: 0, w_eginvy_ey: 0, w_eother_ey: 0, w_uy_ey: 0 };
  for (let s = 0; s < n; s++) {
    const ex = embeddingIndex(s);
    sums.w_ex_ex += at(ex, ex);
    for (let a = 0; a < n; a++) {
      const value = at(unembeddingIndex(n, n + a), ex);
      if (a === attributeOf[s]) sums.w_ugx_ex += value;
      else sums.w_uother_ex += value / (n - 1);
    }
  }
  for (let a = 0; a < n; a++) {
    const ey = embeddingIndex(n + a);
    sums.w_uy_ey += at(unembeddingIndex(n, n + a), ey);
    for (let s = 0; s < n; s++) {
      if (s === subjectOf[a]) sums.w_eginvy_ey += at(embeddingIndex(s), ey);
      else sums.w_eother_ey += at(embeddingIndex(s), ey) / (n - 1);
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / n]));
}
