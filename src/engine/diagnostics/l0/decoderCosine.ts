import { Graph } from '../../graph/graph';
import { abs, gemm, greater, reduceSum, where } from '../../graph/ops';
import { Evaluator } from '../../graph/runner';
import { unitRows } from '../../sae/metrics';

/** Rows of the cosine matrix computed per ORT run: a [block, d_sae] slice at a time, never d_sae². */
const BLOCK_ROWS = 1024;

/**
 * The decoder pairwise cosine score of Sparse but Wrong (eq. 4; `calc_pairwise_cosine_similarity_score`):
 *
 *   c_dec = (2 / (h(h − 1))) · Σ_{i<j} |cos(W_dec[i,:], W_dec[j,:])|
 *
 * the mean absolute cosine over all pairs of distinct decoder rows (the upper triangle of |Ŵ Ŵᵀ| with Ŵ the
 * row-normalised decoder). A zero row has cosine 0 with every row and still counts in the h(h − 1)/2 pairs. NaN for
 * fewer than two latents. Computed through ORT a block of rows at a time, the sums of each block row kept in
 * float64, so d_sae = 65,536 needs a few hundred MB, not an h × h matrix.
 */
export async function decoderPairwiseCosine(W_dec: Float32Array, dSae: number, dIn: number, signal?: AbortSignal): Promise<number> {
  if (dSae < 2) return Number.NaN;
  const unit = unitRows(W_dec, dSae, dIn);
  const rows = Math.min(BLOCK_ROWS, dSae);
  const g = new Graph('pairwise_cosine');
  const block = g.input('block', 'float32', [rows, dIn]);
  const all = g.input('all', 'float32', [dSae, dIn]);
  // Row r of the block is latent first + r; only partners j > first + r count, so each pair is summed once.
  const first = g.input('first', 'float32', [rows, 1]);
  const columns = g.constant(Float32Array.from({ length: dSae }, (_, j) => j), [1, dSae]);
  const upper = where(greater(columns, first), abs(gemm(block, all, { transB: true })), 0);
  g.output('row_sums', reduceSum(upper, [1]));
  const session = await Evaluator.create(g);
  const slice = new Float32Array(rows * dIn);
  const index = new Float32Array(rows);
  let total = 0;
  try {
    for (let start = 0; start < dSae; start += rows) {
      if (signal?.aborted) throw new Error('cancelled');
      const n = Math.min(rows, dSae - start);
      slice.fill(0).set(unit.subarray(start * dIn, (start + n) * dIn));
      for (let r = 0; r < rows; r++) index[r] = start + r;
      const sums = (await session.run({ block: slice, all: unit, first: index })).row_sums as Float32Array;
      for (let r = 0; r < n; r++) total += sums[r];
    }
  } finally {
    await session.release();
  }
  return total / ((dSae * (dSae - 1)) / 2);
}
