import { grad } from '../../../graph/autodiff';
import { Graph, Tensor } from '../../../graph/graph';
import { add, mul, relu, sub } from '../../../graph/ops/elementwise';
import { gemm } from '../../../graph/ops/linalg';
import { reduceMean } from '../../../graph/ops/reduce';
import { Rng } from '../../../util/random';
import { signedAdamW } from './signedAdamW';

export interface SuperpositionLosses {
  /** y = ReLU(W Wᵀx + b) per sample: [batch, features]. */
  output: Tensor;
  /** Mean squared error over the features of each sample: [batch]. */
  perSample: Tensor;
  /** Mean over batch × features (PyTorch `MSELoss`). */
  loss: Tensor;
}

/**
 * The tied ReLU autoencoder of dynamics-methods §3.1 (`FeatureRecovery`): x is [batch, n], W is
 * [n, m] with one row per feature, h = xW, y = ReLU(hWᵀ + b).
 */
export function superpositionLosses(x: Tensor, w: Tensor, b: Tensor): SuperpositionLosses {
  const hidden = gemm(x, w);
  const output = relu(add(gemm(hidden, w, { transB: true }), b));
  const err = sub(output, x);
  const perSample = reduceMean(mul(err, err), [1]);
  return { output, perSample, loss: reduceMean(perSample) };
}

export interface SuperpositionTrainingShape {
  features: number;
  hidden: number;
  batch: number;
  /** γ of the signed weight decay on W (b is not decayed). */
  weightDecay: number;
}

/** One training step: inputs `x` [batch, n] and `lr`; parameters `W` [n, m], `b` [n]; output `loss`. */
export function buildSuperpositionTrainingGraph(s: SuperpositionTrainingShape): Graph {
  const g = new Graph('superposition');
  const x = g.input('x', 'float32', [s.batch, s.features]);
  const lr = g.input('lr', 'float32', []);
  const w = g.param('W', [s.features, s.hidden]);
  const b = g.param('b', [s.features]);
  const { loss } = superpositionLosses(x, w, b);
  signedAdamW([w, b], grad(loss, [w, b]), { lr, weightDecay: s.weightDecay, decayed: [w] });
  g.output('loss', loss);
  return g;
}

/** The mean loss on `rows` given samples `x`; inputs `W` and `b` are read from a runner's state when shared. */
export function buildSuperpositionLossGraph(features: number, hidden: number, rows: number): Graph {
  const g = new Graph('superposition_loss');
  const x = g.input('x', 'float32', [rows, features]);
  const w = g.input('W', 'float32', [features, hidden]);
  const b = g.input('b', 'float32', [features]);
  g.output('loss', superpositionLosses(x, w, b).loss);
  return g;
}

/** §3.1's initialisation: W ~ N(0, 1)/√m, b ~ N(0, 1). */
export function initialSuperpositionParams(rng: Rng, features: number, hidden: number): Record<string, Float32Array> {
  return {
    W: rng.fillNormal(new Float32Array(features * hidden), 1 / Math.sqrt(hidden)),
    b: rng.fillNormal(new Float32Array(features)),
  };
}
