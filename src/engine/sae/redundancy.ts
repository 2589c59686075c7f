import { Graph } from '../graph/graph';
import { reshape, scatterElements, topk, gemm } from '../graph/ops';
import { Evaluator } from '../graph/runner';
import { unitColumns, unitRows, type MaxCosine } from './metrics';

/**
 * For each of `count` vectors, the most similar other vector and their cosine (diagonal excluded), computed
 * through ORT in blocks of rows: a [block, count] slice of the cosine matrix at a time, so d_sae² never sits in
 * memory and the product runs at the machine's matrix speed.
 */
export async function maxCosineOrt(unit: Float32Array, count: number, dim: number, block = 1024, signal?: AbortSignal): Promise<MaxCosine> {
  const rows = Math.min(block, count);
  const g = new Graph('max_cosine');
  const blockRows = g.input('block', 'float32', [rows, dim]);
  const all = g.input('all', 'float32', [count, dim]);
  const self = g.input('self', 'int64', [rows, 1]);
  const cos = gemm(blockRows, all, { transB: true });
  const masked = scatterElements(cos, self, g.constant(new Float32Array(rows).fill(-2), [rows, 1]), 1);
  const best = topk(masked, 1, 1);
  g.output('cosine', reshape(best.values, [rows]));
  g.output('nearest', reshape(best.indices, [rows]));
  const session = await Evaluator.create(g);
  const result: MaxCosine = { cosine: new Float64Array(count), nearest: new Int32Array(count) };
  const slice = new Float32Array(rows * dim);
  const selfIndex = new BigInt64Array(rows);
  try {
    for (let start = 0; start < count; start += rows) {
      if (signal?.aborted) throw new Error('cancelled');
      const n = Math.min(rows, count - start);
      slice.fill(0).set(unit.subarray(start * dim, (start + n) * dim));
      // Padding rows point at themselves too, so the mask never lands on a real entry twice.
      for (let i = 0; i < rows; i++) selfIndex[i] = BigInt(Math.min(start + i, count - 1));
      const out = await session.run({ block: slice, all: unit, self: selfIndex });
      const cosine = out.cosine as Float32Array;
      const nearest = out.nearest as BigInt64Array;
      for (let i = 0; i < n; i++) {
        result.cosine[start + i] = count > 1 ? cosine[i] : NaN;
        result.nearest[start + i] = count > 1 ? Number(nearest[i]) : -1;
      }
    }
  } finally {
    await session.release();
  }
  return result;
}

export const decoderMaxCosineOrt = (W_dec: Float32Array, dSae: number, dIn: number, signal?: AbortSignal) =>
  maxCosineOrt(unitRows(W_dec, dSae, dIn), dSae, dIn, 1024, signal);

/** Encoder columns (unitColumns returns them as unit rows). */
export const encoderMaxCosineOrt = (W_enc: Float32Array, dIn: number, dSae: number, signal?: AbortSignal) =>
  maxCosineOrt(unitColumns(W_enc, dIn, dSae), dSae, dIn, 1024, signal);
