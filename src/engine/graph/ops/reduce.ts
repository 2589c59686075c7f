import { Shape, Tensor } from '../graph';
import { normAxes, int64s } from './axes';
import { cast, div, equal, mul } from './elementwise';
import { expand, reshape } from './shape';

function reducedShape(shape: Shape, axes: number[], keepdims: boolean): number[] {
  return shape.flatMap((d, i) => (axes.includes(i) ? (keepdims ? [1] : []) : [d]));
}

function reduce(op: string, x: Tensor, axes: readonly number[] | undefined, keepdims: boolean,
  grad: (x: Tensor, y: Tensor, gyKept: Tensor, axes: number[]) => Tensor): Tensor {
  const ax = normAxes(op, axes ?? x.shape.map((_, i) => i), x.rank);
  const keptShape = reducedShape(x.shape, ax, true);
  return x.graph.emit({
    op,
    inputs: [x, int64s(x, ax)],
    outputs: [{ dtype: x.dtype, shape: reducedShape(x.shape, ax, keepdims) }],
    attrs: { keepdims: { kind: 'int', value: keepdims ? 1 : 0 } },
    gradInputs: [x],
    grad: (n, [gy]) => [gy && grad(n.inputs[0], reshape(n.outputs[0], keptShape), reshape(gy, keptShape), ax)],
  })[0];
}

const count = (x: Tensor, axes: number[]): number => axes.reduce((c, a) => c * x.shape[a], 1);

/** Sum over `axes` (all when omitted). */
export const reduceSum = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor =>
  reduce('ReduceSum', x, axes, keepdims, (xx, _y, gy) => expand(gy, xx.shape));

export const reduceMean = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor =>
  reduce('ReduceMean', x, axes, keepdims, (xx, _y, gy, ax) => expand(mul(gy, 1 / count(xx, ax)), xx.shape));

/** Tied extrema share the gradient equally. */
const extremumGrad = (xx: Tensor, y: Tensor, gy: Tensor, ax: number[]): Tensor => {
  const mask = cast(equal(xx, y), xx.dtype);
  return mul(mask, div(gy, reduceSum(mask, ax, true)));
};

export const reduceMax = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor =>
  reduce('ReduceMax', x, axes, keepdims, extremumGrad);

export const reduceMin = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor =>
  reduce('ReduceMin', x, axes, keepdims, extremumGrad);
