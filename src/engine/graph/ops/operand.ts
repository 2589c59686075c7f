import { ShapeError } from '../errors';
import { Tensor } from '../graph';

/** Operands of arithmetic may be plain numbers; they become scalar constants of the tensor's dtype. */
export type Operand = Tensor | number;

export function lift(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new ShapeError(op, 'needs at least one tensor');
  const ta = typeof a === 'number' ? (b as Tensor).graph.scalar(a, (b as Tensor).dtype) : a;
  const tb = typeof b === 'number' ? ta.graph.scalar(b, ta.dtype) : b;
  if (ta.dtype !== tb.dtype) throw new ShapeError(op, `dtypes differ: ${ta} and ${tb}`);
  return [ta, tb];
}
