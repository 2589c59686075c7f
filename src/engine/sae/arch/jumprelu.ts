import { Graph, Tensor } from '../../graph/graph';
import { add, and, cast, customGradient, div, exp, greater, less, mul, reduceSum, relu, sub, tanh } from '../../graph/ops';
import { decode, decoderNorms, mseSum, preActivations } from '../params';
import { EncodeContext, TrainingContext, TrainingForward } from './types';

export interface JumpReluOptions {
  /** Bandwidth ε of the straight-through rectangle kernel (SAELens 0.05). */
  bandwidth: number;
  /** 'step': λ·mean_b Σ H(pre − θ) (DeepMind); 'tanh': λ·mean_b Σ tanh(c·a·‖W_dec‖) (Anthropic). */
  sparsityMode: 'step' | 'tanh';
  tanhScale: number;
  /** λ_p of the pre-activation loss on dead latents (0 = off). */
  preActCoefficient: number;
}

/** rect((pre − θ)/ε) = 1[−½ < (pre − θ)/ε < ½] */
function rect(pre: Tensor, theta: Tensor, bandwidth: number): Tensor {
  const u = div(sub(pre, theta), bandwidth);
  return cast(and(greater(u, -0.5), less(u, 0.5)), pre.dtype);
}

/**
 * a = pre·1[pre > θ] with the straight-through pseudo-gradients of Rajamanoharan et al.:
 * ∂a/∂pre = 1[pre > θ], ∂a/∂θ = −(θ/ε)·rect((pre − θ)/ε).
 */
export function jumpRelu(pre: Tensor, theta: Tensor, bandwidth: number): Tensor {
  const mask = cast(greater(pre, theta), pre.dtype);
  return customGradient(mul(pre, mask), [pre, theta], (gy) => [
    mul(gy, mask),
    reduceSum(mul(mul(gy, rect(pre, theta, bandwidth)), mul(theta, -1 / bandwidth)), [0]),
  ]);
}

/** H(pre − θ) with ∂H/∂pre = 0 and ∂H/∂θ = −(1/ε)·rect((pre − θ)/ε). */
export function heaviside(pre: Tensor, theta: Tensor, bandwidth: number): Tensor {
  return customGradient(cast(greater(pre, theta), pre.dtype), [pre, theta], (gy) => [
    null,
    mul(reduceSum(mul(gy, rect(pre, theta, bandwidth)), [0]), -1 / bandwidth),
  ]);
}

/** The learned log-threshold, a parameter of its own (θ = exp(log θ) stays positive). */
export const declareLogThreshold = (g: Graph, dSae: number): Tensor => g.param('log_threshold', [dSae]);

export function jumpReluTraining(c: TrainingContext, logThreshold: Tensor, o: JumpReluOptions): TrainingForward {
  const theta = exp(logThreshold);
  const pre = preActivations(c.x, c.params, c.applyBDecToInput);
  const acts = jumpRelu(pre, theta, o.bandwidth);
  const xHat = decode(acts, c.params);
  const mse = mseSum(c.x, xHat);
  const batch = c.x.shape[0];
  const norms = decoderNorms(c.params);
  const perLatent = o.sparsityMode === 'step' ? heaviside(pre, theta, o.bandwidth) : tanh(mul(mul(acts, norms), o.tanhScale));
  const sparsity = mul(reduceSum(perLatent), mul(c.sparsityCoefficient, 1 / batch));
  const parts: Record<string, Tensor> = { mse, sparsity };
  let loss = add(mse, sparsity);
  if (o.preActCoefficient > 0) {
    // λ_p·mean_b Σ_i ReLU(θ_i − pre_i)·‖W_dec,i‖·dead_i
    const preAct = mul(reduceSum(mul(reduceSum(relu(sub(theta, pre)), [0]), mul(norms, c.deadMask))), o.preActCoefficient / batch);
    parts.pre_act = preAct;
    loss = add(loss, preAct);
  }
  return { loss, parts, acts, xHat };
}

/** Inference JumpReLU as SAELens: a = ReLU(pre)·1[pre > threshold]. */
export function jumpReluEncode(c: EncodeContext): Tensor {
  const pre = preActivations(c.x, c.params, c.applyBDecToInput);
  return mul(relu(pre), cast(greater(pre, c.extras.threshold), pre.dtype));
}
