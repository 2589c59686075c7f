import assert from 'node:assert/strict';
import { Graph, Shape, Tensor } from '../../../src/engine/graph/graph';
import * as op from '../../../src/engine/graph/ops';
import { gradCheck } from '../../../src/engine/graph/gradcheck';
import { Rng } from '../../../src/engine/util/random';

type Init = 'normal' | 'positive' | 'unit';
interface Case {
  name: string;
  inputs: [string, Shape, Init?][];
  f: (...xs: Tensor[]) => Tensor;
  /** Inputs not differentiated (integer indices etc.) come from `extra`. */
  extra?: (g: Graph, rng: Rng) => { tensors: Tensor[]; values: Record<string, BigInt64Array> };
  tol?: number;
  eps?: number;
  dtype?: 'float32' | 'float64';
}

const size = (s: Shape) => s.reduce((a, b) => a * b, 1);

function fill(rng: Rng, n: number, init: Init = 'normal', dtype: 'float32' | 'float64' = 'float64'): Float64Array | Float32Array {
  const out = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  if (init === 'positive') return rng.fillUniform(out, 0.5, 2);
  if (init === 'unit') return rng.fillUniform(out, -0.9, 0.9);
  return rng.fillNormal(out);
}

/** loss = Σ f(x) ⊙ R with a fixed random R, so every output entry's gradient is checked, not just their sum. */
async function check(c: Case, seed = 1): Promise<void> {
  const rng = new Rng(seed);
  const dtype = c.dtype ?? 'float64';
  const values: Record<string, Float64Array | Float32Array | BigInt64Array> = {};
  const report = await gradCheck({
    build: (g) => {
      const xs = c.inputs.map(([name, shape, init]) => {
        values[name] = fill(rng, size(shape), init, dtype);
        return g.input(name, dtype, shape);
      });
      const extra = c.extra?.(g, rng);
      Object.assign(values, extra?.values ?? {});
      const y = c.f(...xs, ...(extra?.tensors ?? []));
      const r = g.constant(fill(rng, y.size, 'normal', dtype), y.shape);
      return { loss: op.reduceSum(op.mul(y, r)), wrt: xs };
    },
    values,
    eps: c.eps,
  });
  assert.ok(report.maxError < (c.tol ?? 1e-5), `${c.name}: max error ${report.maxError} at ${JSON.stringify(report.worst)}`);
}

const labels = (name: string, shape: Shape, classes: number) => (g: Graph, rng: Rng) => {
  const v = BigInt64Array.from({ length: size(shape) }, () => BigInt(rng.int(classes)));
  return { tensors: [g.input(name, 'int64', shape)], values: { [name]: v } };
};

const cases: Case[] = [
  { name: 'add same shape', inputs: [['a', [3, 4]], ['b', [3, 4]]], f: op.add },
  { name: 'add broadcast row', inputs: [['a', [3, 4]], ['b', [4]]], f: op.add },
  { name: 'add broadcast both', inputs: [['a', [3, 1]], ['b', [1, 4]]], f: op.add },
  { name: 'sub broadcast', inputs: [['a', [2, 3, 4]], ['b', [3, 1]]], f: op.sub },
  { name: 'mul broadcast', inputs: [['a', [2, 3, 4]], ['b', [4]]], f: op.mul },
  { name: 'mul scalar operand', inputs: [['a', [5]]], f: (a) => op.mul(a, 2.5) },
  { name: 'div broadcast', inputs: [['a', [3, 4]], ['b', [3, 1], 'positive']], f: op.div },
  { name: 'neg', inputs: [['a', [7]]], f: op.neg },
  { name: 'abs', inputs: [['a', [3, 5]]], f: op.abs },
  { name: 'relu', inputs: [['a', [4, 6]]], f: op.relu },
  { name: 'sigmoid', inputs: [['a', [4, 6]]], f: op.sigmoid },
  { name: 'tanh', inputs: [['a', [4, 6]]], f: op.tanh },
  { name: 'exp', inputs: [['a', [4, 3]]], f: op.exp },
  { name: 'log', inputs: [['a', [4, 3], 'positive']], f: op.log },
  { name: 'sqrt', inputs: [['a', [4, 3], 'positive']], f: op.sqrt },
  { name: 'pow constant exponent', inputs: [['a', [4, 3], 'positive']], f: (a) => op.pow(a, 3) },
  { name: 'pow tensor exponent broadcast', inputs: [['a', [4, 3], 'positive'], ['b', [3]]], f: op.pow },
  { name: 'maximum broadcast', inputs: [['a', [4, 3]], ['b', [3]]], f: op.maximum },
  { name: 'minimum', inputs: [['a', [4, 3]], ['b', [4, 3]]], f: op.minimum },
  { name: 'clip', inputs: [['a', [5, 4]]], f: (a) => op.clip(a, -0.5, 0.7) },
  { name: 'where', inputs: [['a', [3, 4]], ['b', [4]]], f: (a, b) => op.where(op.greater(a, b), a, op.mul(b, b)) },
  { name: 'erf (float32)', inputs: [['a', [3, 5]]], f: op.erf, dtype: 'float32', eps: 1e-2, tol: 2e-3 },
  { name: 'gelu exact (float32)', inputs: [['a', [3, 5]]], f: (a) => op.gelu(a), dtype: 'float32', eps: 1e-2, tol: 2e-3 },
  { name: 'gelu tanh', inputs: [['a', [3, 5]]], f: (a) => op.gelu(a, 'tanh') },
  { name: 'matmul 2-D', inputs: [['a', [3, 4]], ['b', [4, 5]]], f: op.matmul },
  { name: 'matmul batched broadcast', inputs: [['a', [2, 3, 4]], ['b', [4, 5]]], f: op.matmul },
  { name: 'matmul batch both', inputs: [['a', [2, 1, 3, 4]], ['b', [3, 4, 2]]], f: op.matmul },
  { name: 'gemm plain', inputs: [['a', [3, 4]], ['b', [4, 5]]], f: (a, b) => op.gemm(a, b, { alpha: 0.7 }) },
  { name: 'gemm transA', inputs: [['a', [4, 3]], ['b', [4, 5]]], f: (a, b) => op.gemm(a, b, { transA: true }) },
  { name: 'gemm transB', inputs: [['a', [3, 4]], ['b', [5, 4]]], f: (a, b) => op.gemm(a, b, { transB: true }) },
  { name: 'gemm both', inputs: [['a', [4, 3]], ['b', [5, 4]]], f: (a, b) => op.gemm(a, b, { transA: true, transB: true, alpha: 2 }) },
  { name: 'reduceSum axes keepdims', inputs: [['a', [2, 3, 4]]], f: (a) => op.reduceSum(a, [0, 2], true) },
  { name: 'reduceSum all', inputs: [['a', [2, 3]]], f: (a) => op.reduceSum(a) },
  { name: 'reduceMean negative axis', inputs: [['a', [2, 3, 4]]], f: (a) => op.reduceMean(a, [-1]) },
  { name: 'reduceMax', inputs: [['a', [3, 5]]], f: (a) => op.reduceMax(a, [1]) },
  { name: 'reduceMin', inputs: [['a', [3, 5]]], f: (a) => op.reduceMin(a, [0], true) },
  { name: 'softmax', inputs: [['a', [3, 5]]], f: (a) => op.softmax(a, -1) },
  { name: 'softmax axis 0', inputs: [['a', [3, 5]]], f: (a) => op.softmax(a, 0) },
  { name: 'logSoftmax', inputs: [['a', [4, 6]]], f: (a) => op.logSoftmax(a) },
  { name: 'crossEntropy', inputs: [['a', [6, 5]]], f: (a, y) => op.crossEntropy(a, y), extra: labels('y', [6], 5) },
  { name: 'transpose', inputs: [['a', [2, 3, 4]]], f: (a) => op.transpose(a, [2, 0, 1]) },
  { name: 'reshape with -1', inputs: [['a', [2, 3, 4]]], f: (a) => op.reshape(a, [4, -1]) },
  { name: 'expand', inputs: [['a', [3, 1]]], f: (a) => op.expand(a, [2, 3, 4]) },
  { name: 'concat', inputs: [['a', [2, 3]], ['b', [2, 5]]], f: (a, b) => op.concat([a, b, a], 1) },
  { name: 'slice', inputs: [['a', [4, 6]]], f: (a) => op.slice(a, [1, -4], [3, 100], [0, 1]) },
  { name: 'pad', inputs: [['a', [2, 3]]], f: (a) => op.pad(a, [1, 0], [0, 2]) },
  { name: 'gather rows (embedding)', inputs: [['a', [5, 3]]], f: (a, i) => op.gather(a, i, 0), extra: labels('i', [2, 4], 5) },
  { name: 'gather axis 1', inputs: [['a', [3, 5, 2]]], f: (a, i) => op.gather(a, i, 1), extra: labels('i', [4], 5) },
  { name: 'gatherElements', inputs: [['a', [3, 5]]], f: (a, i) => op.gatherElements(a, i, 1), extra: labels('i', [3, 4], 5) },
  { name: 'topk values', inputs: [['a', [3, 8]]], f: (a) => op.topk(a, 3).values },
  { name: 'keepTopK dense', inputs: [['a', [4, 8]]], f: (a) => op.keepTopK(a, 3) },
  { name: 'scatterElements updates', inputs: [['a', [3, 5]], ['u', [3, 2]]], f: (a, u) => {
    const { indices } = op.topk(op.stopGradient(a), 2);
    return op.scatterElements(a, indices, u, 1);
  } },
  { name: 'scatterAddRows (repeated rows)', inputs: [['a', [5, 3]], ['u', [2, 4, 3]]], f: (a, u, i) => op.scatterAddRows(a, i, u),
    extra: labels('i', [2, 4], 5) },
  { name: 'sparseRowsProduct', inputs: [['v', [4, 3]], ['r', [6, 5]]], f: (v, r, i) => op.sparseRowsProduct(v, i, r),
    extra: labels('i', [4, 3], 6) },
  { name: 'sparseRowsProduct in blocks of rows', inputs: [['v', [5, 3]], ['r', [6, 4]]], f: (v, r, i) => op.sparseRowsProduct(v, i, r, 24),
    extra: labels('i', [5, 3], 6) },
  { name: 'sparseRowsProduct, its gradient in blocks of columns', inputs: [['v', [5, 3]], ['r', [6, 130]]],
    f: (v, r, i) => op.sparseRowsProduct(v, i, r, 960), extra: labels('i', [5, 3], 6) },
  { name: 'sparseRowsProduct, its gradient in blocks of columns and rows', inputs: [['v', [5, 3]], ['r', [6, 130]]],
    f: (v, r, i) => op.sparseRowsProduct(v, i, r, 400), extra: labels('i', [5, 3], 6) },
  { name: 'sparseReconstructionError (summed squared error)', inputs: [['v', [5, 3]], ['r', [6, 4]], ['b', [4]], ['x', [5, 4]]],
    f: (v, r, b, x, i) => op.sparseReconstructionError(v, i, r, b, x).sse, extra: labels('i', [5, 3], 6) },
  { name: 'sparseReconstructionError in blocks of rows', inputs: [['v', [5, 3]], ['r', [6, 4]], ['b', [4]], ['x', [5, 4]]],
    f: (v, r, b, x, i) => op.sparseReconstructionError(v, i, r, b, x, 24).sse, extra: labels('i', [5, 3], 6) },
  { name: 'gatherAffine with shift', inputs: [['x', [4, 5]], ['w', [5, 7]], ['b', [7]], ['s', [5]]],
    f: (x, w, b, s, i) => op.gatherAffine(op.affine(x, w, b, s), i, 30), extra: labels('i', [4, 3], 7) },
  { name: 'gatherAffine beside a dense use of pre', inputs: [['x', [3, 4]], ['w', [4, 6]], ['b', [6]]], f: (x, w, b, i) => {
    const pre = op.affine(x, w, b);
    return op.add(op.gatherAffine(pre, i), op.reduceSum(op.mul(pre, pre), [1], true));
  }, extra: labels('i', [3, 2], 6) },
  { name: 'layerNorm', inputs: [['a', [3, 6]], ['s', [6]], ['b', [6]]], f: (a, s, b) => op.layerNorm(a, s, b), tol: 1e-4 },
  { name: 'layerNorm rank 3', inputs: [['a', [2, 3, 4]], ['s', [4]], ['b', [4]]], f: (a, s, b) => op.layerNorm(a, s, b), tol: 1e-4 },
  { name: 'causal self-attention', inputs: [['x', [2, 4, 6]], ['q', [6, 6]], ['k', [6, 6]], ['v', [6, 6]], ['o', [6, 6]]],
    f: (x, wq, wk, wv, wo) => op.causalSelfAttention(x, { wq, wk, wv, wo }, 2) },
  { name: 'cast round trip', inputs: [['a', [3, 3]]], f: (a) => op.cast(op.cast(a, 'float32'), 'float64'), eps: 1e-2, tol: 1e-4 },
  { name: 'shared subexpression (gradient accumulation)', inputs: [['a', [3, 4]]], f: (a) => op.mul(op.tanh(a), op.exp(a)) },
];

describe('gradient rules against central finite differences (float64)', () => {
  for (const c of cases) it(c.name, () => check(c));
});
