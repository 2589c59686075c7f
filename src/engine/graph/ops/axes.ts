import { ShapeError } from '../errors';
import { Tensor } from '../graph';

/** Normalise possibly negative axes against a rank, rejecting out-of-range and repeated ones. */
export function normAxes(op: string, axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => (a < 0 ? a + rank : a));
  for (const a of out) {
    if (!Number.isInteger(a) || a < 0 || a >= rank) throw new ShapeError(op, `axis ${a} out of range for rank ${rank}`);
  }
  if (new Set(out).size !== out.length) throw new ShapeError(op, `repeated axes [${axes.join(',')}]`);
  return out.sort((x, y) => x - y);
}

export const normAxis = (op: string, axis: number, rank: number): number => normAxes(op, [axis], rank)[0];

/** An int64 constant holding a list of integers (ONNX takes axes, shapes and pads as tensors). */
export function int64s(t: Tensor, values: readonly number[]): Tensor {
  return t.graph.constant(BigInt64Array.from(values.map((v) => BigInt(v))), [values.length], 'int64');
}
