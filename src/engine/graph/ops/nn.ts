import { ShapeError } from '../errors';
import { Tensor, sameShape } from '../graph';
import { normAxis } from './axes';
import { add, div, exp, mul, sqrt, sub } from './elementwise';
import { oneHot } from './indexing';
import { matmul } from './linalg';
import { reduceMean, reduceSum } from './reduce';
import { reshape, transpose } from './shape';

export function softmax(x: Tensor, axis = -1): Tensor {
  const ax = normAxis('Softmax', axis, x.rank);
  return x.graph.emit({
    op: 'Softmax',
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attrs: { axis: { kind: 'int', value: ax } },
    grad: (n, [gy]) => {
      const y = n.outputs[0];
      return [gy && mul(y, sub(gy, reduceSum(mul(gy, y), [ax], true)))];
    },
  })[0];
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const ax = normAxis('LogSoftmax', axis, x.rank);
  return x.graph.emit({
    op: 'LogSoftmax',
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attrs: { axis: { kind: 'int', value: ax } },
    grad: (n, [gy]) => [gy && sub(gy, mul(exp(n.outputs[0]), reduceSum(gy, [ax], true)))],
  })[0];
}

/** Mean cross-entropy of logits [N, C] against int64 labels [N]; one fused node with its own gradient. */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  if (logits.rank !== 2 || labels.dtype !== 'int64' || !sameShape(labels.shape, [logits.shape[0]])) {
    throw new ShapeError('SoftmaxCrossEntropyLoss', `needs logits [N, C] and int64 labels [N], got ${logits} and ${labels}`);
  }
  const [rows, classes] = logits.shape;
  return logits.graph.emit({
    op: 'SoftmaxCrossEntropyLoss',
    inputs: [logits, labels],
    outputs: [{ dtype: logits.dtype, shape: [] }],
    attrs: { reduction: { kind: 'string', value: 'mean' } },
    gradInputs: [logits],
    grad: (n, [gy]) => {
      if (!gy) return [null];
      const [z, y] = n.inputs;
      return [mul(sub(softmax(z, 1), oneHot(y, classes, z)), div(gy, rows))];
    },
  })[0];
}

/** LayerNorm over the last axis with scale and bias; the backward pass recomputes mean and 1/σ. */
export function layerNorm(x: Tensor, scale: Tensor, bias: Tensor, epsilon = 1e-5): Tensor {
  const d = x.shape[x.rank - 1];
  if (!sameShape(scale.shape, [d]) || !sameShape(bias.shape, [d])) {
    throw new ShapeError('LayerNormalization', `scale ${scale} and bias ${bias} must be [${d}] for ${x}`);
  }
  return x.graph.emit({
    op: 'LayerNormalization',
    inputs: [x, scale, bias],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    attrs: { axis: { kind: 'int', value: -1 }, epsilon: { kind: 'float', value: epsilon } },
    grad: (n, [gy]) => {
      if (!gy) return [null, null, null];
      const [xx, gamma] = n.inputs;
      const last = xx.rank - 1;
      const centred = sub(xx, reduceMean(xx, [last], true));
      const rstd = div(1, sqrt(add(reduceMean(mul(centred, centred), [last], true), epsilon)));
      const xhat = mul(centred, rstd);
      const gxhat = mul(gy, gamma);
      const gx = mul(rstd, sub(sub(gxhat, reduceMean(gxhat, [last], true)), mul(xhat, reduceMean(mul(gxhat, xhat), [last], true))));
      const lead = xx.shape.slice(0, -1).map((_, i) => i);
      return [gx, reduceSum(mul(gy, xhat), lead), reduceSum(gy, lead)];
    },
  })[0];
}

export interface AttentionWeights {
  wq: Tensor; // [d_model, d_model]
  wk: Tensor;
  wv: Tensor;
  wo: Tensor;
}

/**
 * Multi-head causal self-attention on x [batch, seq, d_model], composed from primitives (so its gradient is
 * theirs). Future positions get a large negative score rather than -inf, so fully masked rows cannot make NaN.
 */
export function causalSelfAttention(x: Tensor, w: AttentionWeights, heads: number): Tensor {
  if (x.rank !== 3) throw new ShapeError('Attention', `needs x [batch, seq, d_model], got ${x}`);
  const [batch, seq, dModel] = x.shape;
  if (dModel % heads !== 0) throw new ShapeError('Attention', `d_model ${dModel} is not divisible by ${heads} heads`);
  const dHead = dModel / heads;
  const split = (t: Tensor) => transpose(reshape(t, [batch, seq, heads, dHead]), [0, 2, 1, 3]);
  const q = split(matmul(x, w.wq));
  const k = split(matmul(x, w.wk));
  const v = split(matmul(x, w.wv));
  const mask = new Float32Array(seq * seq);
  for (let i = 0; i < seq; i++) for (let j = i + 1; j < seq; j++) mask[i * seq + j] = -1e9;
  const maskT = x.graph.constant(x.dtype === 'float64' ? Float64Array.from(mask) : mask, [seq, seq]);
  const scores = add(mul(matmul(q, transpose(k, [0, 1, 3, 2])), 1 / Math.sqrt(dHead)), maskT);
  const mixed = matmul(softmax(scores, -1), v);
  const merged = reshape(transpose(mixed, [0, 2, 1, 3]), [batch, seq, dModel]);
  return matmul(merged, w.wo);
}
