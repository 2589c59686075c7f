import { ShapeError } from '../errors';
import { Tensor, isFloat } from '../graph';
import { broadcastShapes, unbroadcast } from './broadcast';
import { transposeLast2 } from './shape';

/** ONNX MatMul for rank ≥ 2 operands, with broadcasting over the leading (batch) axes. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank < 2 || b.rank < 2 || !isFloat(a.dtype) || a.dtype !== b.dtype) {
    throw new ShapeError('MatMul', `needs float tensors of rank ≥ 2, got ${a} and ${b}`);
  }
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) throw new ShapeError('MatMul', `inner dimensions differ: ${a} @ ${b}`);
  const batch = broadcastShapes('MatMul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  return a.graph.emit({
    op: 'MatMul',
    inputs: [a, b],
    outputs: [{ dtype: a.dtype, shape: [...batch, m, n] }],
    grad: (node, [gy]) => {
      if (!gy) return [null, null];
      const [x, w] = node.inputs;
      if (x.rank === 2 && w.rank === 2) return [gemm(gy, w, { transB: true }), gemm(x, gy, { transA: true })];
      return [unbroadcast(matmul(gy, transposeLast2(w)), x.shape), unbroadcast(matmul(transposeLast2(x), gy), w.shape)];
    },
  })[0];
}

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
}

/** alpha · op(A) · op(B) for 2-D A and B; the transposes cost nothing (the kernel reads either layout). */
export function gemm(a: Tensor, b: Tensor, opts: GemmOptions = {}): Tensor {
  const { transA = false, transB = false, alpha = 1 } = opts;
  if (a.rank !== 2 || b.rank !== 2 || !isFloat(a.dtype) || a.dtype !== b.dtype) {
    throw new ShapeError('Gemm', `needs two 2-D float tensors, got ${a} and ${b}`);
  }
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = transB ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== k2) throw new ShapeError('Gemm', `inner dimensions differ: ${a}${transA ? 'ᵀ' : ''} @ ${b}${transB ? 'ᵀ' : ''}`);
  return a.graph.emit({
    op: 'Gemm',
    inputs: [a, b],
    outputs: [{ dtype: a.dtype, shape: [m, n] }],
    attrs: {
      transA: { kind: 'int', value: transA ? 1 : 0 },
      transB: { kind: 'int', value: transB ? 1 : 0 },
      alpha: { kind: 'float', value: alpha },
    },
    grad: (node, [gy]) => {
      if (!gy) return [null, null];
      const [x, w] = node.inputs;
      // y = α·op(x)·op(w): d op(x) = α·gy·op(w)ᵀ, d op(w) = α·op(x)ᵀ·gy, then undo each op.
      const gx = transA ? gemm(w, gy, { transA: transB, transB: true, alpha }) : gemm(gy, w, { transB: !transB, alpha });
      const gw = transB ? gemm(gy, x, { transA: true, transB: transA, alpha }) : gemm(x, gy, { transA: !transA, alpha });
      return [gx, gw];
    },
  })[0];
}
