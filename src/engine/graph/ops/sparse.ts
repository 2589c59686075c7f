import { ShapeError } from '../errors';
import { Tensor, isFloat, sameShape } from '../graph';
import { customGradient } from './custom';
import { add, mul, neg, sub } from './elementwise';
import { gather, gatherElements, scatterAddRows } from './indexing';
import { gemm, matmul } from './linalg';
import { reduceSum } from './reduce';
import { concat, reshape, slice, transpose, zeros } from './shape';

/**
 * Ops for products with a matrix that has k non-zeros per row, given as (values [B, k], int64 indices [B, k]):
 * TopK activations. Their work and memory grow with B·k·d instead of B·n·d, and their gradients stay sparse.
 */

/** Elements of one gathered or scattered block (64 MiB in float32): the sparse ops work through the batch in
 * blocks no larger than this, which bounds their memory whatever the batch. */
export const CHUNK_ELEMENTS = 1 << 24;

/** Row ranges [start, end) covering `rows`, each with at most ⌊limit / perRow⌋ rows (at least one). */
export function rowChunks(rows: number, perRow: number, limit = CHUNK_ELEMENTS): [number, number][] {
  const size = Math.max(1, Math.floor(limit / Math.max(1, perRow)));
  const out: [number, number][] = [];
  for (let s = 0; s < rows; s += size) out.push([s, Math.min(rows, s + size)]);
  return out;
}

const rowsOf = (t: Tensor, [s, e]: [number, number]): Tensor => (s === 0 && e === t.shape[0] ? t : slice(t, [s], [e], [0]));
const joinRows = (parts: Tensor[]): Tensor => (parts.length === 1 ? parts[0] : concat(parts, 0));

/** Fewest columns in a block of a scattered outer product, so that each scattered row stays long. */
const MIN_COLUMNS = 64;

/**
 * out[indices[b, j]] += left[b, j]·right[b] over all b, j, for out [n, d] (the sparse Σ_b leftᵀ⊗right), block by
 * block. ORT's ScatterND copies its data input whenever it runs, so blocks of columns are scattered into zeros
 * of their own and concatenated (one copy of [n, d] in all); blocks of rows, which accumulate into the same block
 * and copy it each time, are used only where even MIN_COLUMNS columns of the whole batch exceed the limit.
 */
function scatterOuter(n: number, indices: Tensor, left: Tensor, right: Tensor, limit: number): Tensor {
  const [batch, k] = indices.shape;
  const d = right.shape[1];
  const width = Math.min(d, Math.max(MIN_COLUMNS, Math.floor(limit / (batch * k))));
  const blocks: Tensor[] = [];
  for (let c = 0; c < d; c += width) {
    const cols = Math.min(width, d - c);
    const r = cols === d ? right : slice(right, [c], [c + cols], [1]);
    let acc = zeros(right, [n, cols]);
    for (const range of rowChunks(batch, k * cols, limit)) {
      const rows = range[1] - range[0];
      const outer = mul(reshape(rowsOf(left, range), [rows, k, 1]), reshape(rowsOf(r, range), [rows, 1, cols]));
      acc = scatterAddRows(acc, rowsOf(indices, range), outer);
    }
    blocks.push(acc);
  }
  return blocks.length === 1 ? blocks[0] : concat(blocks, 1);
}

function checkSparse(op: string, values: Tensor, indices: Tensor): void {
  if (values.rank !== 2 || !isFloat(values.dtype) || indices.dtype !== 'int64' || !sameShape(values.shape, indices.shape)) {
    throw new ShapeError(op, `needs float values [B, k] and int64 indices of the same shape, got ${values} and ${indices}`);
  }
}

/**
 * y[b] = Σ_j values[b, j] · rows[indices[b, j]] for rows [n, d]: the product of a k-sparse [B, n] matrix with
 * `rows`, by Gather and a batched product. Gradients: d values[b, j] = rows[indices[b, j]]·gy[b];
 * d rows = Σ_b,j values[b, j]·gy[b] scattered to row indices[b, j]. The backward pass gathers the rows again
 * rather than keeping the forward's copy alive.
 */
export function sparseRowsProduct(values: Tensor, indices: Tensor, rows: Tensor, chunkElements = CHUNK_ELEMENTS): Tensor {
  checkSparse('sparseRowsProduct', values, indices);
  if (rows.rank !== 2 || rows.dtype !== values.dtype) throw new ShapeError('sparseRowsProduct', `rows must be a 2-D ${values.dtype} matrix, got ${rows}`);
  const [batch, k] = values.shape;
  const d = rows.shape[1];
  const chunks = rowChunks(batch, k * d, chunkElements);
  const y = joinRows(chunks.map((range) => {
    const n = range[1] - range[0];
    return reshape(matmul(reshape(rowsOf(values, range), [n, 1, k]), gather(rows, rowsOf(indices, range), 0)), [n, d]);
  }));
  return customGradient(y, [values, rows], (gy) => {
    const dValues = joinRows(chunks.map((range) => {
      const n = range[1] - range[0];
      // Indices flattened, so ORT does not merge this Gather with the forward's and keep that block alive.
      const again = reshape(gather(rows, reshape(rowsOf(indices, range), [n * k]), 0), [n, k, d]);
      return reshape(matmul(again, reshape(rowsOf(gy, range), [n, d, 1])), [n, k]);
    }));
    return [dValues, scatterOuter(rows.shape[0], indices, values, gy, chunkElements)];
  });
}

/** Elements of one gathered block in `sparseReconstructionError`: 8 MiB, so a block is still in cache when
 * the backward product reads it (half the op's time where blocks went out to memory between the two products). */
export const CACHED_CHUNK_ELEMENTS = 1 << 21;

/**
 * The reconstruction x̂ = Σ_j values[b, j]·rows[indices[b, j]] + bias of a k-sparse code and its summed squared
 * error Σ_b ‖x̂_b − x_b‖², in one pass over the batch: each block of gathered rows serves the decode and, while it
 * is still in cache, P[b, j] = rows[indices[b, j]]·r_b with r = x̂ − x. With g the upstream gradient of the error,
 *   d values = 2g·P;   d rows = Σ_b,j values[b, j]·2g·r_b scattered to row indices[b, j];   d bias = 2g·Σ_b r_b;
 *   d x = −2g·r.
 * x̂ carries no gradient of its own: gradients reach values, rows, bias and x through the error only.
 */
export function sparseReconstructionError(values: Tensor, indices: Tensor, rows: Tensor, bias: Tensor, x: Tensor, chunkElements = CACHED_CHUNK_ELEMENTS): { xHat: Tensor; sse: Tensor } {
  checkSparse('sparseReconstructionError', values, indices);
  const [batch, k] = values.shape;
  const d = rows.shape[1];
  if (rows.rank !== 2 || rows.dtype !== values.dtype || !sameShape(bias.shape, [d]) || !sameShape(x.shape, [batch, d])) {
    throw new ShapeError('sparseReconstructionError', `needs rows [n, d], bias [d] and x [${batch}, d], got ${rows}, ${bias} and ${x}`);
  }
  const xHats: Tensor[] = [];
  // r and P of a block go out joined, [n, d + k]: ORT orders a node by what consumes it, and with P consumed only by
  // the backward pass it would postpone every P product there, keeping all blocks (B·k·d floats) alive until then.
  const residualsAndProjections: Tensor[] = [];
  for (const range of rowChunks(batch, k * d, chunkElements)) {
    const n = range[1] - range[0];
    const block = gather(rows, rowsOf(indices, range), 0);
    const xHat = add(reshape(matmul(reshape(rowsOf(values, range), [n, 1, k]), block), [n, d]), bias);
    const r = sub(xHat, rowsOf(x, range));
    xHats.push(xHat);
    residualsAndProjections.push(concat([r, reshape(matmul(block, reshape(r, [n, d, 1])), [n, k])], 1));
  }
  const joined = joinRows(residualsAndProjections);
  const r = slice(joined, [0], [d], [1]);
  const p = slice(joined, [d], [d + k], [1]);
  const sse = customGradient(reduceSum(mul(r, r)), [values, rows, bias, x], (g) => {
    const twoG = mul(g, 2);
    const scaled = mul(r, twoG);
    return [mul(p, twoG), scatterOuter(rows.shape[0], indices, values, scaled, CHUNK_ELEMENTS), reduceSum(scaled, [0]), neg(scaled)];
  });
  return { xHat: joinRows(xHats), sse };
}

interface AffineOperands {
  x: Tensor;
  w: Tensor;
  bias: Tensor;
  shift?: Tensor;
  input: Tensor;
}

const affineOperands = new WeakMap<Tensor, AffineOperands>();

/**
 * pre = (x − shift)·W + bias (shift optional) for x [B, d], W [d, n], bias [n], shift [d], as ordinary ops.
 * Its entries picked with `gatherAffine` get gradients that touch only the picked columns.
 */
export function affine(x: Tensor, w: Tensor, bias: Tensor, shift?: Tensor): Tensor {
  if (x.rank !== 2 || w.rank !== 2 || !sameShape(bias.shape, [w.shape[1]]) || (shift && !sameShape(shift.shape, [x.shape[1]]))) {
    throw new ShapeError('affine', `needs x [B, d], W [d, n], bias [n] and shift [d], got ${x}, ${w}, ${bias}${shift ? `, ${shift}` : ''}`);
  }
  const input = shift ? sub(x, shift) : x;
  const pre = add(matmul(input, w), bias);
  affineOperands.set(pre, { x, w, bias, shift, input });
  return pre;
}

/**
 * pre[b, indices[b, j]] for `pre` made by `affine`, with gradients sent straight to the affine map's operands
 * through only the picked entries (g = upstream gradient [B, k]):
 *   d bias = g scattered to its columns;   d W = (Σ_b,j g[b, j]·input[b] scattered to row indices[b, j] of Wᵀ)ᵀ;
 *   d shift = −W·d bias (Σ_b of −d input, without forming d input);   d x[b] = Σ_j g[b, j]·W[:, indices[b, j]].
 * That is the dense rule (pre's gradient is g scattered into zeros) with the zero columns skipped.
 */
export function gatherAffine(pre: Tensor, indices: Tensor, chunkElements = CHUNK_ELEMENTS): Tensor {
  const a = affineOperands.get(pre);
  if (!a) throw new ShapeError('gatherAffine', `${pre} is not the output of affine()`);
  if (indices.dtype !== 'int64' || indices.rank !== 2 || indices.shape[0] !== pre.shape[0]) {
    throw new ShapeError('gatherAffine', `indices must be int64 [${pre.shape[0]}, k], got ${indices}`);
  }
  const deps = a.shift ? [a.x, a.w, a.bias, a.shift] : [a.x, a.w, a.bias];
  return customGradient(gatherElements(pre, indices, 1), deps, (g) => {
    const [d, n] = a.w.shape;
    const dBias = scatterAddRows(zeros(a.bias), indices, g);
    const dW = transpose(scatterOuter(n, indices, g, a.input, chunkElements));
    const dX = sparseRowsProduct(g, indices, transpose(a.w), chunkElements);
    if (!a.shift) return [dX, dW, dBias];
    const dShift = reshape(neg(gemm(reshape(dBias, [1, n]), a.w, { transB: true })), [d]);
    return [dX, dW, dBias, dShift];
  });
}
