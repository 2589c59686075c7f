import { add, mul, reduceSum, relu } from '../../graph/ops';
import { decode, decoderNorms, mseSum, preActivations } from '../params';
import { EncodeContext, TrainingContext, TrainingForward } from './types';

/** ReLU + L1 with the penalty weighted by decoder norm (SAELens "standard"): λ₁·mean_b Σ_i a_i‖W_dec,i‖. */
export function standardTraining(c: TrainingContext): TrainingForward {
  const acts = relu(preActivations(c.x, c.params, c.applyBDecToInput));
  const xHat = decode(acts, c.params);
  const mse = mseSum(c.x, xHat);
  // Σ_b first, then weight by norms: the [B, d_sae] product is never formed.
  const l1 = mul(reduceSum(mul(reduceSum(acts, [0]), decoderNorms(c.params))), mul(c.sparsityCoefficient, 1 / c.x.shape[0]));
  return { loss: add(mse, l1), parts: { mse, l1 }, acts, xHat };
}

export const standardEncode = (c: EncodeContext) => relu(preActivations(c.x, c.params, c.applyBDecToInput));
