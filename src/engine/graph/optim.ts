import { ShapeError } from './errors';
import { Graph, Tensor } from './graph';
import { add, clip, div, maximum, minimum, mul, pow, sqrt, sub } from './ops/elementwise';
import { reduceSum } from './ops/reduce';

/** What every optimiser below shares: how gradients are conditioned before the update. */
export interface UpdateOptions {
  /** Learning rate: a scalar graph input, so schedules are fed per step. */
  lr: Tensor;
  /** Clip the global gradient norm to this value (PyTorch `clip_grad_norm_`). */
  clipNorm?: number;
  /** Parameters whose rows are kept unit-norm: the radial part of their gradient is removed, rows renormalised after the step. */
  unitNormRows?: readonly Tensor[];
}

export interface AdamOptions extends UpdateOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** AdamW: decay the weights directly (decoupled) instead of adding weightDecay·w to the gradient. */
  decoupled?: boolean;
}

export interface SgdOptions extends UpdateOptions {
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export interface SgldOptions {
  /** Step size ε (a scalar input, like a learning rate). */
  lr: Tensor;
  /** n·β, the inverse temperature times the number of samples. */
  nbeta: number;
  /** Localisation strength γ pulling towards the anchor w*. */
  localization?: number;
  noiseLevel?: number;
  weightDecay?: number;
  /** Clamp each weight to w* ± box after the step. */
  boundingBox?: number;
  /** RMSProp preconditioning (devinterp's rmsprop_sgld): V ← αV + (1−α)g², G = 1/(√V + eps). */
  rmsprop?: { alpha?: number; eps?: number };
}

export interface UpdateResult {
  /** Global gradient norm before clipping. */
  gradNorm: Tensor;
}

/** Adam / AdamW with PyTorch's bias correction: w ← w − lr·m̂/(√v̂ + eps). State: m, v per parameter, a step counter. */
export function adam(params: readonly Tensor[], grads: readonly Tensor[], o: AdamOptions): UpdateResult {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, decoupled = false } = o;
  const g = graphOf(params, grads);
  const { grads: conditioned, gradNorm } = condition(params, grads, o);
  const step = g.input('adam.step', o.lr.dtype, []);
  const t = add(step, 1);
  g.carry(step, t);
  const biasCorr1 = sub(1, pow(beta1, t));
  const rootBiasCorr2 = sqrt(sub(1, pow(beta2, t)));
  // m̂/(√v̂ + eps) = m·√bc2 / (bc1·(√v + eps·√bc2)): scalars folded so each parameter costs fewer passes.
  const stepSize = div(mul(o.lr, rootBiasCorr2), biasCorr1);
  const epsScaled = mul(rootBiasCorr2, eps);
  params.forEach((p, i) => {
    let gr = conditioned[i];
    let w = p;
    if (weightDecay && decoupled) w = mul(p, sub(1, mul(o.lr, weightDecay)));
    else if (weightDecay) gr = add(gr, mul(p, weightDecay));
    const m = g.input(`${p.name}.adam_m`, p.dtype, p.shape);
    const v = g.input(`${p.name}.adam_v`, p.dtype, p.shape);
    const m2 = add(mul(m, beta1), mul(gr, 1 - beta1));
    const v2 = add(mul(v, beta2), mul(mul(gr, gr), 1 - beta2));
    const denom = add(sqrt(v2), epsScaled);
    g.carry(m, m2);
    g.carry(v, v2);
    finish(p, sub(w, mul(div(m2, denom), stepSize)), o);
  });
  return { gradNorm };
}

/** SGD with optional (Nesterov) momentum, PyTorch semantics: b ← μb + g; w ← w − lr·(g + μb or b). */
export function sgd(params: readonly Tensor[], grads: readonly Tensor[], o: SgdOptions): UpdateResult {
  const { momentum = 0, nesterov = false, weightDecay = 0 } = o;
  const g = graphOf(params, grads);
  const { grads: conditioned, gradNorm } = condition(params, grads, o);
  params.forEach((p, i) => {
    let d = weightDecay ? add(conditioned[i], mul(p, weightDecay)) : conditioned[i];
    if (momentum) {
      const buf = g.input(`${p.name}.sgd_momentum`, p.dtype, p.shape);
      const buf2 = add(mul(buf, momentum), d);
      g.carry(buf, buf2);
      d = nesterov ? add(d, mul(buf2, momentum)) : buf2;
    }
    finish(p, sub(p, mul(d, o.lr)), o);
  });
  return { gradNorm };
}

/**
 * One SGLD step (devinterp semantics): w ← w − (ε/2)·[nβ·∇L(w) + γ(w − w*) + λ_wd·w] + √ε·σ·ξ.
 * Each parameter gets an anchor input `<name>.anchor` (w*) and a noise input `<name>.noise` (ξ).
 */
export function sgld(params: readonly Tensor[], grads: readonly Tensor[], o: SgldOptions): void {
  const { nbeta, localization = 0, noiseLevel = 1, weightDecay = 0, boundingBox, rmsprop } = o;
  const g = graphOf(params, grads);
  params.forEach((p, i) => {
    const anchor = g.input(`${p.name}.anchor`, p.dtype, p.shape);
    const xi = g.noise(`${p.name}.noise`, p.shape, p.dtype);
    let drift = mul(grads[i], nbeta);
    if (localization) drift = add(drift, mul(sub(p, anchor), localization));
    if (weightDecay) drift = add(drift, mul(p, weightDecay));
    let precond: Tensor | number = 1;
    if (rmsprop) {
      const { alpha = 0.99, eps = 0.1 } = rmsprop;
      const v = g.input(`${p.name}.rmsprop_v`, p.dtype, p.shape);
      const v2 = add(mul(v, alpha), mul(mul(grads[i], grads[i]), 1 - alpha));
      g.carry(v, v2);
      precond = div(1, add(sqrt(v2), eps));
    }
    const halfStep = mul(o.lr, 0.5);
    const noiseScale = mul(sqrt(typeof precond === 'number' ? o.lr : mul(precond, o.lr)), noiseLevel);
    let next = add(sub(p, mul(mul(drift, precond), halfStep)), mul(xi, noiseScale));
    if (boundingBox !== undefined) next = minimum(maximum(next, sub(anchor, boundingBox)), add(anchor, boundingBox));
    g.carry(p, next);
  });
}

function graphOf(params: readonly Tensor[], grads: readonly Tensor[]): Graph {
  if (params.length === 0 || params.length !== grads.length) {
    throw new ShapeError('optimiser', `needs one gradient per parameter, got ${params.length} and ${grads.length}`);
  }
  return params[0].graph;
}

/** Remove the radial part of unit-norm rows' gradients, then clip the global norm. */
function condition(params: readonly Tensor[], grads: readonly Tensor[], o: UpdateOptions): { grads: Tensor[]; gradNorm: Tensor } {
  const unit = new Set(o.unitNormRows ?? []);
  const projected = grads.map((gr, i) => (unit.has(params[i]) ? tangentToRows(gr, params[i]) : gr));
  const sq = projected.map((gr) => reduceSum(mul(gr, gr)));
  const gradNorm = sqrt(sq.reduce((a, b) => add(a, b)));
  if (o.clipNorm === undefined) return { grads: projected, gradNorm };
  const scale = clip(div(o.clipNorm, add(gradNorm, 1e-6)), 0, 1);
  return { grads: projected.map((gr) => mul(gr, scale)), gradNorm };
}

/** g − (g·w)w per row: the gradient component that keeps each (unit) row's length. */
function tangentToRows(gr: Tensor, w: Tensor): Tensor {
  return sub(gr, mul(reduceSum(mul(gr, w), [-1], true), w));
}

function finish(p: Tensor, next: Tensor, o: UpdateOptions): void {
  const unit = o.unitNormRows?.includes(p);
  p.graph.carry(p, unit ? div(next, sqrt(reduceSum(mul(next, next), [-1], true))) : next);
}
