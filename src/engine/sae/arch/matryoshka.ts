import { Tensor } from '../../graph/graph';
import { add, matmul, mul, slice } from '../../graph/ops';
import { mseSum, preActivations } from '../params';
import { auxKLoss } from './auxk';
import { BatchTopKOptions, batchTopKActs, runningThreshold } from './batchtopk';
import { TrainingContext, TrainingForward } from './types';

export interface MatryoshkaOptions extends BatchTopKOptions {
  /** Prefix widths w_1 < … < w_M = d_sae. */
  widths: number[];
  /**
   * Balance multiplier γ of the feature-hedging paper: prefix m's loss is weighted γ^(M−m), the full SAE 1.
   * γ = 0 is plain BatchTopK, γ = 1 the standard (unweighted) Matryoshka; for γ > 1 every term is divided by M.
   */
  gamma: number;
}

/**
 * Matryoshka BatchTopK: activations once on the full SAE, then nested reconstructions
 * x̂_m = a[:, :w_m] @ W_dec[:w_m] + b_dec, built portion by portion so the decode costs one full product.
 * AuxK is the full SAE's (SAELens); the per-portion auxiliary loss of the hedging code is not used.
 */
export function matryoshkaTraining(c: TrainingContext, o: MatryoshkaOptions): TrainingForward {
  const pre = preActivations(c.x, c.params, c.applyBDecToInput);
  const acts = batchTopKActs(pre, o.k);
  const M = o.widths.length;
  const parts: Record<string, Tensor> = {};
  let partial: Tensor = c.params.b_dec;
  let loss: Tensor | null = null;
  let start = 0;
  o.widths.forEach((w, m) => {
    const portion = matmul(slice(acts, [start], [w], [1]), slice(c.params.W_dec, [start], [w], [0]));
    partial = add(partial, portion);
    start = w;
    const weight = m === M - 1 ? 1 : o.gamma ** (M - 1 - m);
    const term = mseSum(c.x, partial);
    parts[m === M - 1 ? 'mse' : `mse_prefix_${w}`] = term;
    if (weight > 0) loss = loss ? add(loss, mul(term, weight)) : mul(term, weight);
  });
  const xHat = partial;
  let total: Tensor = loss!;
  if (o.auxCoefficient !== 0) {
    parts.aux = auxKLoss(c.x, xHat, pre, c.deadMask, c.params, o.auxCoefficient);
    total = add(total, parts.aux);
  }
  if (o.gamma > 1) total = mul(total, 1 / M);
  return { loss: total, parts, acts, xHat, carries: [runningThreshold(c.x.graph, acts, o.thresholdLr)] };
}
