import { ShapeError } from '../../../graph/errors';
import { Tensor } from '../../../graph/graph';
import { add, div, mul, pow, sqrt, sub } from '../../../graph/ops/elementwise';
import { reduceSum } from '../../../graph/ops/reduce';
import type { UpdateResult } from '../../../graph/optim';

export interface SignedAdamWOptions {
  /** Learning rate η: a scalar graph input, so the schedule is fed per step. */
  lr: Tensor;
  /** γ; negative values pull row norms towards 1 instead of decaying them. */
  weightDecay: number;
  /** Parameters that are decayed (the paper decays W, not b); all when omitted. */
  decayed?: readonly Tensor[];
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/**
 * Adam with the signed weight decay of Liu, Liu & Gore, "Superposition yields robust neural scaling"
 * (dynamics-methods §3.2, their `exp/adamw.py`). Before the (bias-corrected, PyTorch) Adam update of a
 * decayed parameter:
 *   γ ≥ 0:  W ← W·(1 − ηγ)                                   (AdamW)
 *   γ < 0:  W_i ← W_i + ηγ·W_i·(1 − 1/r_i),  r_i = ‖W_i‖ + 1e-8  (rows along the last axis)
 * State is laid out as `adam`'s: `adam.step`, `<param>.adam_m`, `<param>.adam_v`.
 */
export function signedAdamW(params: readonly Tensor[], grads: readonly Tensor[], o: SignedAdamWOptions): UpdateResult {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay } = o;
  if (params.length === 0 || params.length !== grads.length) {
    throw new ShapeError('signedAdamW', `needs one gradient per parameter, got ${params.length} and ${grads.length}`);
  }
  const g = params[0].graph;
  const decayed = new Set(o.decayed ?? params);
  const step = g.input('adam.step', o.lr.dtype, []);
  const t = add(step, 1);
  g.carry(step, t);
  const biasCorr1 = sub(1, pow(beta1, t));
  const rootBiasCorr2 = sqrt(sub(1, pow(beta2, t)));
  const stepSize = div(mul(o.lr, rootBiasCorr2), biasCorr1);
  const epsScaled = mul(rootBiasCorr2, eps);
  params.forEach((p, i) => {
    const gr = grads[i];
    const w = decayed.has(p) ? signedDecay(p, o.lr, weightDecay) : p;
    const m = g.input(`${p.name}.adam_m`, p.dtype, p.shape);
    const v = g.input(`${p.name}.adam_v`, p.dtype, p.shape);
    const m2 = add(mul(m, beta1), mul(gr, 1 - beta1));
    const v2 = add(mul(v, beta2), mul(mul(gr, gr), 1 - beta2));
    g.carry(m, m2);
    g.carry(v, v2);
    g.carry(p, sub(w, mul(div(m2, add(sqrt(v2), epsScaled)), stepSize)));
  });
  const gradNorm = sqrt(grads.map((gr) => reduceSum(mul(gr, gr))).reduce((a, b) => add(a, b)));
  return { gradNorm };
}

function signedDecay(w: Tensor, lr: Tensor, gamma: number): Tensor {
  if (gamma === 0) return w;
  if (gamma > 0) return mul(w, sub(1, mul(lr, gamma)));
  if (w.rank === 0) throw new ShapeError('signedAdamW', `negative weight decay needs rows, got the scalar ${w}`);
  const rowNorm = add(sqrt(reduceSum(mul(w, w), [-1], true)), 1e-8);
  return add(w, mul(mul(w, sub(1, div(1, rowNorm))), mul(lr, gamma)));
}
