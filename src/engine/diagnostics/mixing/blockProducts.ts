import { Graph } from '../../graph/graph';
import { gemm } from '../../graph/ops';
import { Evaluator } from '../../graph/runner';

/** Values of one block of the product, at most this many at a time (16 MiB of float32). */
const BLOCK_VALUES = 1 << 22;

/**
 * Visits A·Bᵀ for A [m, d] and B [n, d] (row-major) one block of A's rows at a time, computed by ORT: a
 * [rows, n] slice is all that sits in memory, so h × h products of wide SAEs never do. `visit` gets the first
 * row of the block, its row count and the values (reused by the next block: read, do not keep).
 */
export async function forEachProductBlock(
  a: Float32Array,
  m: number,
  b: Float32Array,
  n: number,
  d: number,
  visit: (start: number, rows: number, values: Float32Array) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (a.length !== m * d || b.length !== n * d) throw new RangeError(`expected [${m}, ${d}] and [${n}, ${d}], got ${a.length} and ${b.length} values`);
  if (m === 0 || n === 0) return;
  const rows = Math.max(1, Math.min(m, Math.floor(BLOCK_VALUES / n)));
  const g = new Graph('product_block');
  const block = g.input('block', 'float32', [rows, d]);
  const all = g.input('all', 'float32', [n, d]);
  g.output('product', gemm(block, all, { transB: true }));
  const session = await Evaluator.create(g);
  const slice = new Float32Array(rows * d);
  try {
    for (let start = 0; start < m; start += rows) {
      if (signal?.aborted) throw new Error('cancelled');
      const count = Math.min(rows, m - start);
      slice.fill(0).set(a.subarray(start * d, (start + count) * d));
      const out = await session.run({ block: slice, all: b });
      visit(start, count, out.product as Float32Array);
    }
  } finally {
    await session.release();
  }
}
