import { ShapeError } from '../errors';
import { DType, GradRule, Tensor, isFloat } from '../graph';
import { broadcastShapes, unbroadcast } from './broadcast';
import { Operand, lift } from './operand';

function unary(op: string, x: Tensor, grad?: GradRule): Tensor {
  if (!isFloat(x.dtype) && op !== 'Neg' && op !== 'Abs' && op !== 'Sign') {
    throw new ShapeError(op, `needs a float tensor, got ${x}`);
  }
  return x.graph.emit({ op, inputs: [x], outputs: [{ dtype: x.dtype, shape: x.shape }], grad })[0];
}

function binary(op: string, a: Operand, b: Operand, grad?: GradRule, dtype?: DType): Tensor {
  const [ta, tb] = lift(op, a, b);
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  return ta.graph.emit({ op, inputs: [ta, tb], outputs: [{ dtype: dtype ?? ta.dtype, shape }], grad })[0];
}

/** Gradient of a broadcasting binary op from the two local products. */
function binaryGrad(da: (gy: Tensor, n: { a: Tensor; b: Tensor; y: Tensor }) => Tensor | null,
  db: (gy: Tensor, n: { a: Tensor; b: Tensor; y: Tensor }) => Tensor | null): GradRule {
  return (node, [gy]) => {
    if (!gy) return [null, null];
    const n = { a: node.inputs[0], b: node.inputs[1], y: node.outputs[0] };
    const ga = da(gy, n);
    const gb = db(gy, n);
    return [ga && unbroadcast(ga, n.a.shape), gb && unbroadcast(gb, n.b.shape)];
  };
}

export const add = (a: Operand, b: Operand): Tensor =>
  binary('Add', a, b, binaryGrad((gy) => gy, (gy) => gy));

// Negate after summing down: when b broadcasts (x − b_dec) the negation touches only b's size.
export const sub = (a: Operand, b: Operand): Tensor =>
  binary('Sub', a, b, (node, [gy]) =>
    gy ? [unbroadcast(gy, node.inputs[0].shape), neg(unbroadcast(gy, node.inputs[1].shape))] : [null, null]);

export const mul = (a: Operand, b: Operand): Tensor =>
  binary('Mul', a, b, binaryGrad((gy, n) => mul(gy, n.b), (gy, n) => mul(gy, n.a)));

export const div = (a: Operand, b: Operand): Tensor =>
  binary('Div', a, b, binaryGrad((gy, n) => div(gy, n.b), (gy, n) => neg(div(mul(gy, n.y), n.b))));

/** Elementwise power; the exponent's gradient uses log of the base (pruned when nothing needs it). */
export const pow = (a: Operand, b: Operand): Tensor =>
  binary('Pow', a, b, binaryGrad(
    (gy, n) => mul(gy, mul(n.b, pow(n.a, sub(n.b, 1)))),
    (gy, n) => mul(gy, mul(n.y, log(n.a))),
  ));

/** Elementwise max; ties send the gradient to the first operand. */
export const maximum = (a: Operand, b: Operand): Tensor =>
  binary('Max', a, b, binaryGrad(
    (gy, n) => where(greaterOrEqual(n.a, n.b), gy, 0),
    (gy, n) => where(greaterOrEqual(n.a, n.b), 0, gy),
  ));

/** Elementwise min; ties send the gradient to the first operand. */
export const minimum = (a: Operand, b: Operand): Tensor =>
  binary('Min', a, b, binaryGrad(
    (gy, n) => where(lessOrEqual(n.a, n.b), gy, 0),
    (gy, n) => where(lessOrEqual(n.a, n.b), 0, gy),
  ));

export const neg = (x: Tensor): Tensor => unary('Neg', x, (_n, [gy]) => [gy && neg(gy)]);

export const abs = (x: Tensor): Tensor => unary('Abs', x, (n, [gy]) => [gy && mul(gy, sign(n.inputs[0]))]);

/** Sign has zero gradient almost everywhere. */
export const sign = (x: Tensor): Tensor => unary('Sign', x, () => [null]);

export const relu = (x: Tensor): Tensor =>
  // A float mask and Mul run faster in ORT than Where on large tensors.
  unary('Relu', x, (n, [gy]) => [gy && mul(gy, cast(greater(n.inputs[0], 0), gy.dtype))]);

export const sigmoid = (x: Tensor): Tensor =>
  unary('Sigmoid', x, (n, [gy]) => {
    const y = n.outputs[0];
    return [gy && mul(gy, mul(y, sub(1, y)))];
  });

export const tanh = (x: Tensor): Tensor =>
  unary('Tanh', x, (n, [gy]) => {
    const y = n.outputs[0];
    return [gy && mul(gy, sub(1, mul(y, y)))];
  });

export const exp = (x: Tensor): Tensor => unary('Exp', x, (n, [gy]) => [gy && mul(gy, n.outputs[0])]);

export const log = (x: Tensor): Tensor => unary('Log', x, (n, [gy]) => [gy && div(gy, n.inputs[0])]);

export const sqrt = (x: Tensor): Tensor => unary('Sqrt', x, (n, [gy]) => [gy && div(mul(gy, 0.5), n.outputs[0])]);

/** Error function; float32 only (ORT's CPU provider has no float64 Erf). */
export const erf = (x: Tensor): Tensor => {
  if (x.dtype !== 'float32') throw new ShapeError('Erf', `ORT implements Erf for float32 only, got ${x}`);
  return unary('Erf', x, (n, [gy]) => {
    const xx = n.inputs[0];
    return [gy && mul(gy, mul(exp(neg(mul(xx, xx))), 2 / Math.sqrt(Math.PI)))];
  });
};

/** GELU, exact (erf, float32 only) or with the tanh approximation; built from primitives, so its gradient is theirs. */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'tanh') {
    const inner = mul(add(x, mul(pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

/** Clamp to [lo, hi]; the gradient passes where the input lies inside the interval (ends included). */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  const g = x.graph;
  return g.emit({
    op: 'Clip',
    inputs: [x, g.scalar(lo, x.dtype), g.scalar(hi, x.dtype)],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    gradInputs: [x],
    grad: (n, [gy]) => {
      const xx = n.inputs[0];
      return [gy && where(and(greaterOrEqual(xx, lo), lessOrEqual(xx, hi)), gy, 0)];
    },
  })[0];
}

export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool') throw new ShapeError('Where', `condition must be bool, got ${cond}`);
  const [ta, tb] = lift('Where', a, b);
  const shape = broadcastShapes('Where', cond.shape, broadcastShapes('Where', ta.shape, tb.shape));
  return cond.graph.emit({
    op: 'Where',
    inputs: [cond, ta, tb],
    outputs: [{ dtype: ta.dtype, shape }],
    gradInputs: [ta, tb],
    grad: (n, [gy]) => {
      if (!gy) return [null, null];
      const [c, x, y] = n.inputs;
      return [unbroadcast(where(c, gy, 0), x.shape), unbroadcast(where(c, 0, gy), y.shape)];
    },
  })[0];
}

const compare = (op: string) => (a: Operand, b: Operand): Tensor => binary(op, a, b, () => [null, null], 'bool');
export const greater = compare('Greater');
export const less = compare('Less');
export const greaterOrEqual = compare('GreaterOrEqual');
export const lessOrEqual = compare('LessOrEqual');
export const equal = compare('Equal');

export function and(a: Tensor, b: Tensor): Tensor {
  return binary('And', a, b, () => [null, null], 'bool');
}

const onnxTypeCode: Record<DType, number> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };

/** Change dtype; the gradient flows back only between float types. */
export function cast(x: Tensor, to: DType): Tensor {
  return x.graph.emit({
    op: 'Cast',
    inputs: [x],
    outputs: [{ dtype: to, shape: x.shape }],
    attrs: { to: { kind: 'int', value: onnxTypeCode[to] } },
    grad: (n, [gy]) => [gy && isFloat(n.inputs[0].dtype) ? cast(gy, n.inputs[0].dtype) : null],
  })[0];
}

export { onnxTypeCode };
