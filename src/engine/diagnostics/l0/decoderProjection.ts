import { Graph } from '../../graph/graph';
import { gemm, sub } from '../../graph/ops';
import { Evaluator } from '../../graph/runner';
import { unitRows } from '../../sae/metrics';
import { largestByRank } from './orderStatistics';

/** Rows of X projected per ORT run. */
const BLOCK_ROWS = 4096;

export interface DecoderWeights {
  W_dec: Float32Array; // [d_sae, d_in]
  b_dec: Float32Array; // [d_in]
  dSae: number;
  dIn: number;
}

/**
 * The n-th decoder projection of Sparse but Wrong (v1's metric, v3 appendix A.9, eq. 58–59;
 * `nth_decoder_projection.py`), for each n in `ns`:
 *
 *   Z = (X − b_dec) · Ŵ_decᵀ        [b, h], Ŵ_dec the decoder with unit-norm rows
 *   s_n^dec = the (n·b + 1)-th largest of the b·h entries of Z
 *
 * i.e. z↓[n·b] of the entries sorted in descending order (0-based), the value at which BatchTopK with k = n would
 * cut the projections: the (1 − n/h) quantile. The decoder rows are normalised first so every latent is projected
 * on the same scale (the paper's A.7; its toy notebook used raw rows). X is [rows, d_in]; NaN for n ≥ h.
 * Exact, through ORT in blocks of rows and a two-pass radix selection, so b·h never sits in memory.
 */
export async function decoderProjection(sae: DecoderWeights, X: Float32Array, rows: number, ns: readonly number[], signal?: AbortSignal): Promise<number[]> {
  const { dSae, dIn } = sae;
  if (X.length !== rows * dIn) throw new RangeError(`X holds ${X.length} values, not ${rows} rows of d_in ${dIn}`);
  const unit = unitRows(sae.W_dec, dSae, dIn);
  const block = Math.min(BLOCK_ROWS, rows);
  const g = new Graph('decoder_projection');
  const x = g.input('x', 'float32', [block, dIn]);
  const bDec = g.input('b_dec', 'float32', [dIn]);
  const w = g.input('w', 'float32', [dSae, dIn]);
  g.output('z', gemm(sub(x, bDec), w, { transB: true }));
  const session = await Evaluator.create(g);
  const slice = new Float32Array(block * dIn);
  try {
    return await largestByRank(async (visit) => {
      for (let start = 0; start < rows; start += block) {
        if (signal?.aborted) throw new Error('cancelled');
        const n = Math.min(block, rows - start);
        slice.set(X.subarray(start * dIn, (start + n) * dIn));
        const z = (await session.run({ x: slice, b_dec: sae.b_dec, w: unit })).z as Float32Array;
        visit(z.subarray(0, n * dSae));
      }
    }, ns.map((n) => (Number.isInteger(n) && n >= 0 && n < dSae ? n * rows + 1 : Number.NaN)));
  } finally {
    await session.release();
  }
}
