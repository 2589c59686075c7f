import { ShapeError } from '../errors';
import { Shape, Tensor, constantArray, sameShape } from '../graph';
import { int64s, normAxes, normAxis } from './axes';
import { broadcastShapes, unbroadcast } from './broadcast';

/** Reshape to a static shape; one -1 is inferred. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const target = [...shape];
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const holes = target.filter((d) => d === -1).length;
  if (holes > 1) throw new ShapeError('Reshape', `at most one -1 in [${shape.join(',')}]`);
  if (holes === 1) target[target.indexOf(-1)] = known === 0 ? 0 : x.size / known;
  if (target.some((d) => !Number.isInteger(d) || d < 0) || target.reduce((a, b) => a * b, 1) !== x.size) {
    throw new ShapeError('Reshape', `cannot reshape ${x} to [${shape.join(',')}]`);
  }
  if (sameShape(target, x.shape)) return x;
  return x.graph.emit({
    op: 'Reshape',
    inputs: [x, int64s(x, target)],
    outputs: [{ dtype: x.dtype, shape: target }],
    gradInputs: [x],
    grad: (n, [gy]) => [gy && reshape(gy, n.inputs[0].shape)],
  })[0];
}

/** Broadcast to a larger static shape. */
export function expand(x: Tensor, shape: Shape): Tensor {
  const out = broadcastShapes('Expand', x.shape, shape);
  if (!sameShape(out, shape)) throw new ShapeError('Expand', `cannot expand ${x} to [${shape.join(',')}]`);
  if (sameShape(x.shape, shape)) return x;
  return x.graph.emit({
    op: 'Expand',
    inputs: [x, int64s(x, shape)],
    outputs: [{ dtype: x.dtype, shape }],
    gradInputs: [x],
    grad: (n, [gy]) => [gy && unbroadcast(gy, n.inputs[0].shape)],
  })[0];
}

export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  if (p.length !== x.rank || normAxes('Transpose', p, x.rank).some((a, i) => a !== i)) {
    throw new ShapeError('Transpose', `perm [${p.join(',')}] is not a permutation of ${x}`);
  }
  const inverse = p.map((_, i) => p.indexOf(i));
  return x.graph.emit({
    op: 'Transpose',
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape: p.map((a) => x.shape[a]) }],
    attrs: { perm: { kind: 'ints', value: p } },
    grad: (_n, [gy]) => [gy && transpose(gy, inverse)],
  })[0];
}

/** Swap the last two axes. */
export function transposeLast2(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return transpose(x, perm);
}

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new ShapeError('Concat', 'needs at least one tensor');
  const first = xs[0];
  const ax = normAxis('Concat', axis, first.rank);
  for (const t of xs) {
    const ok = t.rank === first.rank && t.dtype === first.dtype && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) throw new ShapeError('Concat', `${t} does not concatenate with ${first} on axis ${ax}`);
  }
  const shape = [...first.shape];
  shape[ax] = xs.reduce((s, t) => s + t.shape[ax], 0);
  return first.graph.emit({
    op: 'Concat',
    inputs: xs,
    outputs: [{ dtype: first.dtype, shape }],
    attrs: { axis: { kind: 'int', value: ax } },
    grad: (n, [gy]) => {
      if (!gy) return n.inputs.map(() => null);
      let offset = 0;
      return n.inputs.map((t) => {
        const part = slice(gy, [offset], [offset + t.shape[ax]], [ax]);
        offset += t.shape[ax];
        return part;
      });
    },
  })[0];
}

/** Slice with unit steps; starts/ends are clamped like ONNX and may be negative. */
export function slice(x: Tensor, starts: readonly number[], ends: readonly number[], axes?: readonly number[]): Tensor {
  const ax = axes ?? starts.map((_, i) => i);
  if (starts.length !== ends.length || starts.length !== ax.length) {
    throw new ShapeError('Slice', 'starts, ends and axes must have one entry per sliced axis');
  }
  const norm = ax.map((a) => normAxis('Slice', a, x.rank));
  const shape = [...x.shape];
  const begin = x.shape.map(() => 0);
  norm.forEach((a, i) => {
    const dim = x.shape[a];
    const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    begin[a] = clampIdx(starts[i]);
    shape[a] = Math.max(clampIdx(ends[i]) - begin[a], 0);
  });
  return x.graph.emit({
    op: 'Slice',
    inputs: [x, int64s(x, norm.map((a) => begin[a])), int64s(x, norm.map((a) => begin[a] + shape[a])), int64s(x, norm)],
    outputs: [{ dtype: x.dtype, shape }],
    gradInputs: [x],
    grad: (_n, [gy]) => [gy && pad(gy, begin, x.shape.map((d, i) => d - begin[i] - shape[i]))],
  })[0];
}

/** Zero padding before and after each axis. */
export function pad(x: Tensor, before: readonly number[], after: readonly number[]): Tensor {
  if (before.length !== x.rank || after.length !== x.rank || [...before, ...after].some((p) => p < 0)) {
    throw new ShapeError('Pad', `pads must be non-negative, one per axis of ${x}`);
  }
  return x.graph.emit({
    op: 'Pad',
    inputs: [x, int64s(x, [...before, ...after])],
    outputs: [{ dtype: x.dtype, shape: x.shape.map((d, i) => d + before[i] + after[i]) }],
    gradInputs: [x],
    grad: (_n, [gy]) => [gy && slice(gy, before, x.shape.map((d, i) => before[i] + d))],
  })[0];
}

/** A zero tensor of a static shape (ConstantOfShape: nothing of that size is stored in the model). */
export function zeros(like: Tensor, shape: Shape = like.shape): Tensor {
  return like.graph.emit({
    op: 'ConstantOfShape',
    inputs: [int64s(like, shape)],
    outputs: [{ dtype: like.dtype, shape }],
    attrs: { value: { kind: 'tensor', dtype: like.dtype, shape: [1], data: constantArray(like.dtype, [0]) } },
    gradInputs: [],
    grad: () => [],
  })[0];
}
