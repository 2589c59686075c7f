import { Tensor } from '../../graph/graph';
import { add, div, keepTopK, mul, relu } from '../../graph/ops';
import { decode, decoderNorms, mseSum, preActivations } from '../params';
import { auxKLoss } from './auxk';
import { EncodeContext, TrainingContext, TrainingForward } from './types';

export interface TopKOptions {
  k: number;
  auxCoefficient: number;
  /** Select on pre·‖W_dec,i‖ and decode acts/‖W_dec,i‖ (SAELens ≥ 6.14): selection as if the decoder were unit-norm. */
  rescaleActsByDecoderNorm: boolean;
}

/** SAELens TopK: keep the k largest pre-activations per row, then ReLU on the kept values. */
function topkActs(pre: Tensor, norms: Tensor | null, k: number): { acts: Tensor; decodeActs: Tensor } {
  const acts = relu(keepTopK(norms ? mul(pre, norms) : pre, k));
  return { acts, decodeActs: norms ? div(acts, norms) : acts };
}

export function topkTraining(c: TrainingContext, o: TopKOptions): TrainingForward {
  const pre = preActivations(c.x, c.params, c.applyBDecToInput);
  const { acts, decodeActs } = topkActs(pre, o.rescaleActsByDecoderNorm ? decoderNorms(c.params) : null, o.k);
  const xHat = decode(decodeActs, c.params);
  const mse = mseSum(c.x, xHat);
  if (o.auxCoefficient === 0) return { loss: mse, parts: { mse }, acts, xHat };
  const aux = auxKLoss(c.x, xHat, pre, c.deadMask, c.params, o.auxCoefficient);
  return { loss: add(mse, aux), parts: { mse, aux }, acts, xHat };
}

/** Encode for inference; returns the activations to decode with (already divided by norms when rescaling). */
export function topkEncode(c: EncodeContext, k: number, rescale: boolean): Tensor {
  const pre = preActivations(c.x, c.params, c.applyBDecToInput);
  return topkActs(pre, rescale ? decoderNorms(c.params) : null, k).decodeActs;
}
