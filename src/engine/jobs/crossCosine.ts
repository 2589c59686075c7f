/** Cosines between the decoder rows of two SAEs (both given as unit rows [n, dim]). */
import { Graph } from '../graph/graph';
import { gemm, reshape, topk } from '../graph/ops';
import { Evaluator, type SessionOptions } from '../graph/runner';
import type { MatchedPair } from '../../shared/protocol';

/** The full [nA, nB] matrix, for matrices small enough to hold (the Hungarian case). */
export function crossCosines(unitA: Float32Array, nA: number, unitB: Float32Array, nB: number, dim: number): Float32Array {
  const out = new Float32Array(nA * nB);
  for (let a = 0; a < nA; a++) {
    for (let b = 0; b < nB; b++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += unitA[a * dim + d] * unitB[b * dim + d];
      out[a * nB + b] = dot;
    }
  }
  return out;
}

/**
 * Each A row's `count` most similar B rows, through ORT a block of A rows at a time, so the [nA, nB] matrix
 * never sits in memory.
 */
export async function nearestCandidates(
  unitA: Float32Array,
  nA: number,
  unitB: Float32Array,
  nB: number,
  dim: number,
  count: number,
  options: SessionOptions & { signal?: AbortSignal; onBlock?: (done: number) => void },
): Promise<MatchedPair[]> {
  const rows = Math.min(512, nA);
  const take = Math.min(count, nB);
  const g = new Graph('cross_cosine_topk');
  const block = g.input('block', 'float32', [rows, dim]);
  const all = g.input('all', 'float32', [nB, dim]);
  const best = topk(gemm(block, all, { transB: true }), take, 1);
  g.output('cosine', reshape(best.values, [rows * take]));
  g.output('index', reshape(best.indices, [rows * take]));
  const session = await Evaluator.create(g, { executionProvider: options.executionProvider, threads: options.threads });
  const pairs: MatchedPair[] = [];
  const slice = new Float32Array(rows * dim);
  try {
    for (let start = 0; start < nA; start += rows) {
      if (options.signal?.aborted) throw new Error('cancelled');
      const n = Math.min(rows, nA - start);
      slice.fill(0).set(unitA.subarray(start * dim, (start + n) * dim));
      const out = await session.run({ block: slice, all: unitB });
      const cosine = out.cosine as Float32Array;
      const index = out.index as BigInt64Array;
      for (let i = 0; i < n * take; i++) pairs.push({ a: start + Math.floor(i / take), b: Number(index[i]), cosine: cosine[i] });
      options.onBlock?.(start + n);
    }
  } finally {
    await session.release();
  }
  return pairs;
}
