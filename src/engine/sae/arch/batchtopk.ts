import { Graph, Tensor } from '../../graph/graph';
import { add, cast, greater, keepTopK, mul, reduceMin, reduceSum, relu, reshape, where } from '../../graph/ops';
import { decode, mseSum, preActivations } from '../params';
import { auxKLoss } from './auxk';
import { TrainingContext, TrainingForward } from './types';

export interface BatchTopKOptions {
  /** Mean active latents per row; may be fractional (⌊k·B⌋ are kept over the whole batch). */
  k: number;
  auxCoefficient: number;
  /** Rate of the running inference threshold θ ← (1 − r)θ + r·min{a > 0} (SAELens 0.01). */
  thresholdLr: number;
}

/** BatchTopK activations: ReLU, then the ⌊k·B⌋ largest entries of the whole batch. */
export function batchTopKActs(pre: Tensor, k: number): Tensor {
  const [batch, dSae] = pre.shape;
  const keep = Math.max(1, Math.min(Math.floor(k * batch), batch * dSae));
  return reshape(keepTopK(reshape(relu(pre), [1, batch * dSae]), keep), [batch, dSae]);
}

/** The running threshold used at inference (saved as a JumpReLU threshold): carried across steps. */
export function runningThreshold(g: Graph, acts: Tensor, rate: number): { state: Tensor; next: Tensor } {
  const state = g.input('topk_threshold', 'float32', []);
  const active = greater(acts, 0);
  const minActive = reduceMin(where(active, acts, 3e38));
  const anyActive = greater(reduceSum(cast(active, 'float32')), 0);
  const next = where(anyActive, add(mul(state, 1 - rate), mul(minActive, rate)), state);
  return { state, next };
}

export function batchTopKTraining(c: TrainingContext, o: BatchTopKOptions): TrainingForward {
  const pre = preActivations(c.x, c.params, c.applyBDecToInput);
  const acts = batchTopKActs(pre, o.k);
  const xHat = decode(acts, c.params);
  const mse = mseSum(c.x, xHat);
  const carries = [runningThreshold(c.x.graph, acts, o.thresholdLr)];
  if (o.auxCoefficient === 0) return { loss: mse, parts: { mse }, acts, xHat, carries };
  const aux = auxKLoss(c.x, xHat, pre, c.deadMask, c.params, o.auxCoefficient);
  return { loss: add(mse, aux), parts: { mse, aux }, acts, xHat, carries };
}

