/**
 * The single-latent hedging model of Feature Hedging (Chanin, Dulka & Garriga-Alonso 2025, `loss_curves.py`):
 * one tied latent l = cos θ·p + sin θ·c over an orthonormal parent p and child c, encoder ReLU(x·l), decoder
 * (x·l)·l, no bias. The parent fires alone with probability P₁ and together with the child with P₁₂.
 */

/** Probabilities of the four firing patterns of a parent and a child feature. */
export interface PairFiring {
  parentOnly: number;
  both: number;
  childOnly: number;
  neither: number;
}

/** P₁ = P(parent only), P₁₂ = P(both), from P(parent), P(child | parent), P(child | no parent). */
export function pairFiring(pParent: number, pChild: number, pChildAlone: number): PairFiring {
  return {
    parentOnly: pParent * (1 - pChild),
    both: pParent * pChild,
    childOnly: (1 - pParent) * pChildAlone,
    neither: (1 - pParent) * (1 - pChildAlone),
  };
}

export interface HedgingOptimum {
  /** θ* = ½·atan(2P₁₂/P₁), the angle of the latent from the parent towards the child. */
  theta: number;
  /** cos θ*, the latent's cosine with the parent. */
  cosParent: number;
  /** sin θ*, its cosine with the child: positive whenever P₁₂ > 0, so hedging is MSE-optimal. */
  cosChild: number;
}

/**
 * The MSE-optimal tied latent at λ = 0. With l = cos θ·p + sin θ·c, a parent-only input leaves the error sin²θ and a
 * parent-and-child input 1 − sin 2θ, so E[L](θ) = P₁ sin²θ + P₁₂(1 − sin 2θ), whose derivative
 * P₁ sin 2θ − 2P₁₂ cos 2θ vanishes at tan 2θ = 2P₁₂/P₁.
 */
export function hedgingOptimum(parentOnly: number, both: number): HedgingOptimum {
  if (!(parentOnly >= 0 && both >= 0 && parentOnly + both > 0)) throw new RangeError(`needs P₁, P₁₂ ≥ 0 with P₁ + P₁₂ > 0, got ${parentOnly}, ${both}`);
  const theta = 0.5 * Math.atan2(2 * both, parentOnly);
  return { theta, cosParent: Math.cos(theta), cosChild: Math.sin(theta) };
}

export interface LossCurvePoint {
  /** Mixing weight α: l ∝ (1 − α)·p + α·c. */
  alpha: number;
  theta: number;
  expectedLoss: number;
}

/**
 * E[L](α) = P₁·L(p) + P₁₂·L(p + c) with L(v) = ‖v − ReLU(v·l)·l‖² + λ·ReLU(v·l) over α = 0 … 1 in `points` steps
 * (`calc_loss_curve`; with one latent the L_p sparsity norm is |a| for every p).
 */
export function hedgingLossCurve(parentOnly: number, both: number, lambda = 0, points = 101): LossCurvePoint[] {
  const curve: LossCurvePoint[] = [];
  for (let s = 0; s < points; s++) {
    const alpha = points > 1 ? s / (points - 1) : 0;
    const theta = Math.atan2(alpha, 1 - alpha);
    const [lp, lc] = [Math.cos(theta), Math.sin(theta)];
    const loss = (vp: number, vc: number) => {
      const a = Math.max(0, vp * lp + vc * lc);
      return (vp - a * lp) ** 2 + (vc - a * lc) ** 2 + lambda * a;
    };
    curve.push({ alpha, theta, expectedLoss: parentOnly * loss(1, 0) + both * loss(1, 1) });
  }
  return curve;
}
