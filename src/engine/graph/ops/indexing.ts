import { ShapeError } from '../errors';
import { Tensor } from '../graph';
import { normAxis, int64s } from './axes';
import { cast, equal } from './elementwise';
import { reshape, transpose, zeros } from './shape';

function checkIndices(op: string, indices: Tensor): void {
  if (indices.dtype !== 'int64') throw new ShapeError(op, `indices must be int64, got ${indices}`);
}

/** Rows (or slices along `axis`) of `data` picked by integer indices: embeddings. */
export function gather(data: Tensor, indices: Tensor, axis = 0): Tensor {
  checkIndices('Gather', indices);
  const ax = normAxis('Gather', axis, data.rank);
  const shape = [...data.shape.slice(0, ax), ...indices.shape, ...data.shape.slice(ax + 1)];
  return data.graph.emit({
    op: 'Gather',
    inputs: [data, indices],
    outputs: [{ dtype: data.dtype, shape }],
    attrs: { axis: { kind: 'int', value: ax } },
    gradInputs: [data],
    grad: (n, [gy]) => [gy && gatherGrad(n.inputs[0], n.inputs[1], gy, ax)],
  })[0];
}

/** Scatter-add the output gradient back into rows of a zero tensor shaped like the data. */
function gatherGrad(data: Tensor, indices: Tensor, gy: Tensor, ax: number): Tensor {
  const ni = indices.rank;
  const rest = data.shape.filter((_, i) => i !== ax);
  // Move the index axes of gy to the front, so updates line up with rows of data moved to axis 0.
  const idxAxes = indices.shape.map((_, i) => ax + i);
  const others = gy.shape.map((_, i) => i).filter((i) => i < ax || i >= ax + ni);
  const updates = reshape(transpose(gy, [...idxAxes, ...others]), [indices.size, ...rest]);
  const moved = [data.shape[ax], ...rest];
  const summed = scatterAddRows(zeros(data, moved), reshape(indices, [indices.size]), updates);
  const back = data.shape.map((_, i) => (i < ax ? i + 1 : i === ax ? 0 : i));
  return transpose(summed, back);
}

/**
 * `data` with `updates` added at rows `indices` (ScatterND with reduction add; repeated rows accumulate).
 * indices: int64 of any shape; updates: [...indices.shape, ...data.shape[1:]].
 */
export function scatterAddRows(data: Tensor, indices: Tensor, updates: Tensor): Tensor {
  const rest = data.shape.slice(1);
  if (indices.dtype !== 'int64' || updates.dtype !== data.dtype || updates.shape.join() !== [...indices.shape, ...rest].join()) {
    throw new ShapeError('ScatterND', `updates ${updates} must be [indices ${indices}, ...${data} without its first axis]`);
  }
  return data.graph.emit({
    op: 'ScatterND',
    inputs: [data, reshape(indices, [indices.size, 1]), reshape(updates, [indices.size, ...rest])],
    outputs: [{ dtype: data.dtype, shape: data.shape }],
    attrs: { reduction: { kind: 'string', value: 'add' } },
    gradInputs: [data, updates],
    grad: (_n, [gy]) => (gy ? [gy, gather(gy, indices, 0)] : [null, null]),
  })[0];
}

/** out[i][j] = x[i][indices[i][j]] along `axis` (indices have x's rank). */
export function gatherElements(x: Tensor, indices: Tensor, axis: number): Tensor {
  checkIndices('GatherElements', indices);
  const ax = normAxis('GatherElements', axis, x.rank);
  if (indices.rank !== x.rank) throw new ShapeError('GatherElements', `indices ${indices} must have the rank of ${x}`);
  return x.graph.emit({
    op: 'GatherElements',
    inputs: [x, indices],
    outputs: [{ dtype: x.dtype, shape: indices.shape }],
    attrs: { axis: { kind: 'int', value: ax } },
    gradInputs: [x],
    grad: (n, [gy]) => [gy && scatterElements(zeros(n.inputs[0]), n.inputs[1], gy, ax, 'add')],
  })[0];
}

/**
 * Copy of `data` with `updates` written at `indices` along `axis`. With 'none', indices must not repeat
 * (the gradient to `data` is then zero at written places); with 'add', updates accumulate.
 */
export function scatterElements(data: Tensor, indices: Tensor, updates: Tensor, axis: number,
  reduction: 'none' | 'add' = 'none'): Tensor {
  checkIndices('ScatterElements', indices);
  const ax = normAxis('ScatterElements', axis, data.rank);
  if (indices.rank !== data.rank || updates.shape.join() !== indices.shape.join()) {
    throw new ShapeError('ScatterElements', `indices ${indices} and updates ${updates} must match and have the rank of ${data}`);
  }
  return data.graph.emit({
    op: 'ScatterElements',
    inputs: [data, indices, updates],
    outputs: [{ dtype: data.dtype, shape: data.shape }],
    attrs: { axis: { kind: 'int', value: ax }, reduction: { kind: 'string', value: reduction } },
    gradInputs: [data, updates],
    grad: (n, [gy]) => {
      if (!gy) return [null, null];
      const [d, idx] = n.inputs;
      const gd = reduction === 'add' ? gy : scatterElements(gy, idx, zeros(d, idx.shape), ax);
      return [gd, gatherElements(gy, idx, ax)];
    },
  })[0];
}

/** The k largest entries along `axis` and their int64 indices (sorted, largest first). */
export function topk(x: Tensor, k: number, axis = -1): { values: Tensor; indices: Tensor } {
  const ax = normAxis('TopK', axis, x.rank);
  if (!Number.isInteger(k) || k < 1 || k > x.shape[ax]) throw new ShapeError('TopK', `k = ${k} out of range for ${x} on axis ${ax}`);
  const shape = x.shape.map((d, i) => (i === ax ? k : d));
  const [values, indices] = x.graph.emit({
    op: 'TopK',
    inputs: [x, int64s(x, [k])],
    outputs: [{ dtype: x.dtype, shape }, { dtype: 'int64', shape }],
    attrs: { axis: { kind: 'int', value: ax }, largest: { kind: 'int', value: 1 }, sorted: { kind: 'int', value: 1 } },
    gradInputs: [x],
    grad: (n, [gv]) => [gv && scatterElements(zeros(n.inputs[0]), n.outputs[1], gv, ax)],
  });
  return { values, indices };
}

/** `x` with all but its k largest entries along `axis` set to zero: the TopK SAE activation. */
export function keepTopK(x: Tensor, k: number, axis = -1): Tensor {
  const { values, indices } = topk(x, k, axis);
  return scatterElements(zeros(x), indices, values, axis);
}

/** One-hot rows of `depth` in `like`'s dtype for int64 labels (Equal against 0..depth-1, then Cast); no gradient. */
export function oneHot(labels: Tensor, depth: number, like: Tensor): Tensor {
  checkIndices('OneHot', labels);
  const classes = labels.graph.constant(BigInt64Array.from({ length: depth }, (_, i) => BigInt(i)), [depth], 'int64');
  return cast(equal(reshape(labels, [...labels.shape, 1]), classes), like.dtype);
}
