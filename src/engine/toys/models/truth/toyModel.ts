import { Graph, Tensor } from '../../../graph/graph';
import { add, crossEntropy, div, gather, gemm, matmul, mul, reduceSum, reshape, slice, softmax, sqrt } from '../../../graph/ops';
import { TRUTH_SEQ } from './data';

/**
 * The simplified one-layer truth model of spec §4.2 on an orthonormal one-hot basis of width d = 4N + 3:
 * coordinates [0, 2N) are the token embeddings e_z, [2N, 4N) the unembeddings u_z, then p_1, p_2, p_3.
 *   v_t = e_{z_t} + p_t + (1/t) Σ_{s≤t} W (e_{z_s} + p_s),   logits_t = √d · U v_t/‖v_t‖,
 * U reading the u_z coordinates (the vocabulary is all 2N tokens). W [d, d] is the only parameter.
 */
export const truthToyWidth = (n: number): number => 4 * n + 3;

/** Residual coordinates: token z's embedding, token z's unembedding, position t's vector (t = 0, 1, 2). */
export const embeddingIndex = (z: number): number => z;
export const unembeddingIndex = (n: number, z: number): number => 2 * n + z;

/** Positions the model reads: x y x' (it predicts y, x', y'). */
export const TRUTH_TOY_POSITIONS = 3;

export interface TruthToyForward {
  /** v_t before normalisation [batch, 3, d]. */
  resid: Tensor;
  /** v_t/‖v_t‖ [batch, 3, d]. */
  normalized: Tensor;
  /** [batch, 3, 2N]. */
  logits: Tensor;
}

export function truthToyForward(tokens: Tensor, w: Tensor, n: number): TruthToyForward {
  const g = tokens.graph;
  const [batch] = tokens.shape;
  const d = truthToyWidth(n);
  const t = TRUTH_TOY_POSITIONS;
  const inputs = add(gather(oneHotRows(g, 2 * n, d, 0), slice(tokens, [0], [t], [1])), oneHotRows(g, t, d, 4 * n));
  const prefixMean = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = 0; j <= i; j++) prefixMean[i * t + j] = 1 / (i + 1);
  const attended = matmul(g.constant(prefixMean, [t, t]), inputs);
  const written = reshape(gemm(reshape(attended, [batch * t, d]), w, { transB: true }), [batch, t, d]);
  const resid = add(inputs, written);
  const normalized = div(resid, sqrt(reduceSum(mul(resid, resid), [2], true)));
  const logits = mul(slice(normalized, [2 * n], [4 * n], [2]), Math.sqrt(d));
  return { resid, normalized, logits };
}

/** A constant [rows, d] whose row r is the basis vector of coordinate `first + r`. */
function oneHotRows(g: Graph, rows: number, d: number, first: number): Tensor {
  const data = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) data[r * d + first + r] = 1;
  return g.constant(data, [rows, d]);
}

/** The spec's loss: the sum over positions of the mean cross-entropy of predicting the next token. */
export function truthToyLoss(logits: Tensor, tokens: Tensor): Tensor {
  const [batch, positions, vocab] = logits.shape;
  return Array.from({ length: positions }, (_, p) =>
    crossEntropy(reshape(slice(logits, [p], [p + 1], [1]), [batch, vocab]), reshape(slice(tokens, [p + 1], [p + 2], [1]), [batch])),
  ).reduce((a, b) => add(a, b));
}

/** Inference graph over `rows` samples: outputs resid, normalized and probs [rows, 3, 2N]; W is an input. */
export function truthToyEvalGraph(n: number, rows: number): Graph {
  const g = new Graph('truth_toy_eval');
  const tokens = g.input('tokens', 'int64', [rows, TRUTH_SEQ]);
  const w = g.input('W', 'float32', [truthToyWidth(n), truthToyWidth(n)]);
  const f = truthToyForward(tokens, w, n);
  g.output('resid', f.resid);
  g.output('normalized', f.normalized);
  g.output('probs', softmax(f.logits, -1));
  return g;
}
