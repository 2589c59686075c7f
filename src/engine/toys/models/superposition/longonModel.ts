import { grad } from '../../../graph/autodiff';
import { Graph, Tensor } from '../../../graph/graph';
import { add, mul, relu, sub } from '../../../graph/ops/elementwise';
import { gemm } from '../../../graph/ops/linalg';
import { reduceMean } from '../../../graph/ops/reduce';
import { adam } from '../../../graph/optim';
import { Rng } from '../../../util/random';

/**
 * Longon et al.'s feature importance I_i = (1 + 2i/n)^(−2), i = 0…n−1 (sae-methods §5.1; n = 64 gives
 * 1 → 0.1135). The HEAD code uses I = 1; the paper-era data were made with this power law, so we use it
 * (UNCONFIRMED which the paper states).
 */
export function longonImportance(features: number): Float32Array {
  return Float32Array.from({ length: features }, (_, i) => (1 + (2 * i) / features) ** -2);
}

export interface LongonLosses {
  /** h = ReLU(xW): the model's "neurons", [batch, hidden]. */
  hidden: Tensor;
  /** y = ReLU(hWᵀ + b): [batch, features]. */
  output: Tensor;
  /** Importance-weighted squared error averaged over the features of each sample: [batch]. */
  perSample: Tensor;
  /** mean over batch × features of I_i·(x_i − y_i)². */
  loss: Tensor;
}

/** The ReLU-hidden-layer toy model of superposition: x [batch, n], W [n, hidden], b [n], importance [n]. */
export function longonLosses(x: Tensor, w: Tensor, b: Tensor, importance: Tensor): LongonLosses {
  const hidden = relu(gemm(x, w));
  const output = relu(add(gemm(hidden, w, { transB: true }), b));
  const err = sub(x, output);
  const perSample = reduceMean(mul(mul(err, err), importance), [1]);
  return { hidden, output, perSample, loss: reduceMean(perSample) };
}

export interface LongonTrainingShape {
  features: number;
  hidden: number;
  batch: number;
  /** AdamW's decoupled weight decay, on every parameter as PyTorch's `AdamW(model.parameters())`. */
  weightDecay: number;
}

/** One AdamW step: inputs `x` [batch, n] and `lr`; parameters `W` [n, hidden], `b` [n]; output `loss`. */
export function buildLongonTrainingGraph(s: LongonTrainingShape): Graph {
  const g = new Graph('longon_tms');
  const x = g.input('x', 'float32', [s.batch, s.features]);
  const lr = g.input('lr', 'float32', []);
  const w = g.param('W', [s.features, s.hidden]);
  const b = g.param('b', [s.features]);
  const importance = g.constant(longonImportance(s.features), [s.features]);
  const { loss } = longonLosses(x, w, b, importance);
  adam([w, b], grad(loss, [w, b]), { lr, weightDecay: s.weightDecay, decoupled: true });
  g.output('loss', loss);
  return g;
}

/** The mean loss on `rows` given samples `x`; inputs `W` and `b` are read from a runner's state when shared. */
export function buildLongonLossGraph(features: number, hidden: number, rows: number): Graph {
  const g = new Graph('longon_tms_loss');
  const x = g.input('x', 'float32', [rows, features]);
  const w = g.input('W', 'float32', [features, hidden]);
  const b = g.input('b', 'float32', [features]);
  g.output('loss', longonLosses(x, w, b, g.constant(longonImportance(features), [features])).loss);
  return g;
}

/** PyTorch's xavier_normal_ for W (std √(2/(n + hidden))) and a zero bias. */
export function initialLongonParams(rng: Rng, features: number, hidden: number): Record<string, Float32Array> {
  return {
    W: rng.fillNormal(new Float32Array(features * hidden), Math.sqrt(2 / (features + hidden))),
    b: new Float32Array(features),
  };
}
