import { Graph, Tensor } from '../../graph/graph';
import { add, cast, gelu, greaterOrEqual, neg } from '../../graph/ops/elementwise';
import { gather, gatherElements } from '../../graph/ops/indexing';
import { gemm } from '../../graph/ops/linalg';
import { logSoftmax } from '../../graph/ops/nn';
import { reduceMax } from '../../graph/ops/reduce';
import { reshape } from '../../graph/ops/shape';
import { Rng } from '../../util/random';

/** Sizes of the grokking MLP: modulus p (vocabulary and classes), embedding and hidden widths. */
export interface GrokkingMlpShape {
  modulus: number;
  embedding: number;
  hidden: number;
}

/**
 * Parameters under PyTorch's names and layouts (Linear weights are [out, in]), so a checkpoint loads into
 * the reference `MLP` of `stan/kramers.py` as its state dict.
 */
export function grokkingMlpShapes(s: GrokkingMlpShape): Record<string, number[]> {
  return {
    'embedding.weight': [s.modulus, s.embedding],
    'linear1l.weight': [s.hidden, s.embedding],
    'linear1l.bias': [s.hidden],
    'linear1r.weight': [s.hidden, s.embedding],
    'linear1r.bias': [s.hidden],
    'linear2.weight': [s.modulus, s.hidden],
  };
}

/** The MLP's weights, declared as parameters (to train or sample them) or as inputs (to evaluate given weights). */
export function declareGrokkingMlp(g: Graph, s: GrokkingMlpShape, role: 'param' | 'input'): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(grokkingMlpShapes(s)).map(([name, shape]) =>
    [name, role === 'param' ? g.param(name, shape) : g.input(name, 'float32', shape)]));
}

/** PyTorch's default initialisation: embeddings N(0, 1); Linear weights and biases U(−1/√fan_in, 1/√fan_in). */
export function initGrokkingMlp(s: GrokkingMlpShape, rng: Rng): Record<string, Float32Array> {
  const bound = 1 / Math.sqrt(s.embedding);
  const uniform = (size: number, b: number) => rng.fillUniform(new Float32Array(size), -b, b);
  return {
    'embedding.weight': rng.fillNormal(new Float32Array(s.modulus * s.embedding)),
    'linear1l.weight': uniform(s.hidden * s.embedding, bound),
    'linear1l.bias': uniform(s.hidden, bound),
    'linear1r.weight': uniform(s.hidden * s.embedding, bound),
    'linear1r.bias': uniform(s.hidden, bound),
    'linear2.weight': uniform(s.modulus * s.hidden, 1 / Math.sqrt(s.hidden)),
  };
}

/** logits [B, p] = W2 · GELU(L(e_a) + R(e_b)) for int64 operands a, b [B]; one embedding table serves both. */
export function grokkingLogits(w: Record<string, Tensor>, a: Tensor, b: Tensor): Tensor {
  const embedding = w['embedding.weight'];
  const left = add(gemm(gather(embedding, a), w['linear1l.weight'], { transB: true }), w['linear1l.bias']);
  const right = add(gemm(gather(embedding, b), w['linear1r.weight'], { transB: true }), w['linear1r.bias']);
  return gemm(gelu(add(left, right)), w['linear2.weight'], { transB: true });
}

/** −log softmax(logits)[label] per example [B]: the losses whose mean `crossEntropy` computes. */
export function perSampleCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const picked = gatherElements(logSoftmax(logits, -1), reshape(labels, [labels.size, 1]), 1);
  return neg(reshape(picked, [labels.size]));
}

/** 1 where the label's logit is the largest (ties count as correct), else 0; [B], no gradient. */
export function perSampleCorrect(logits: Tensor, labels: Tensor): Tensor {
  const labelLogit = gatherElements(logits, reshape(labels, [labels.size, 1]), 1);
  return reshape(cast(greaterOrEqual(labelLogit, reduceMax(logits, [-1], true)), logits.dtype), [labels.size]);
}
