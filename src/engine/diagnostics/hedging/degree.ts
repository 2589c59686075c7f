import { Rng } from '../../util/random';
import { orthonormalBasis, projectionNorms } from './subspace';

/**
 * The hedging degree of Feature Hedging (Chanin, Dulka & Garriga-Alonso 2025, eq. 7; code `hedging_rate`). Train a
 * copy of an SAE further (control) and a copy with N new latents appended (extended) on the same data; if the original
 * latents had hedged features the SAE was too narrow to hold, the new latents take those features over and the
 * original decoder rows shed the hedged components, so their change lies in the new latents' span beyond chance:
 *   Δ_i = W_dec^ext[i] − W_dec^ctrl[i]               (i < w, decoder rows folded to unit norm first)
 *   Q   = orthonormal basis of span(W_dec^ext[w..w+N))
 *   p   = mean_i ‖QQᵀΔ_i‖ / mean_i ‖W_dec^ctrl[i]‖
 *   b   = p with the new rows replaced by N iid N(0, I_d) vectors, averaged over `baselines` draws
 *   h   = max(0, (p − b)/(1 − b))
 * A random N-dimensional span holds about √(N/d) of a vector's length, so b ≈ √(N/d)·mean‖Δ_i‖; h = 0 when Δ = 0.
 */
export interface HedgingDegreeInput {
  /** Control decoder rows [width, dim]. */
  control: ArrayLike<number>;
  /** Extended decoder rows [width + newLatents, dim]: the original latents first, then the new ones. */
  extended: ArrayLike<number>;
  width: number;
  dim: number;
  baselines?: number;
  seed?: number;
}

export interface HedgingDegree {
  width: number;
  newLatents: number;
  /** Rank of the new latents' decoder rows (N unless some are collinear). */
  rank: number;
  /** mean_i ‖Δ_i‖. */
  deltaNorm: number;
  /** mean_i ‖QQᵀΔ_i‖. */
  deltaProjection: number;
  /** mean_i ‖W_dec^ctrl[i]‖ (1 after folding). */
  controlNorm: number;
  /** p = deltaProjection / controlNorm. */
  portion: number;
  /** b, and the standard deviation of the baseline portions over the draws. */
  baseline: number;
  baselineStd: number;
  baselines: number;
  /** The portion of each random draw, whose mean is b: the distribution the panel shows p against. */
  baselineSamples: number[];
  /** h = max(0, (p − b)/(1 − b)). */
  degree: number;
  /** mean_i cos(W_dec^ext[i], W_dec^ctrl[i]). */
  meanCosine: number;
}

export const HEDGING_DEGREE_FORMULA = 'h = max(0, (p − b)/(1 − b)), p = mean_i ‖QQᵀΔ_i‖ / mean_i ‖W_dec^ctrl_i‖, Δ = W_dec^ext[:w] − W_dec^ctrl, Q = basis of the new rows, b = p for N random Gaussian rows';

export function hedgingDegree(o: HedgingDegreeInput): HedgingDegree {
  const { width: w, dim: d } = o;
  const n = o.extended.length / d - w;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the extended decoder must hold more than the ${w} original rows of ${d}`);
  if (o.control.length !== w * d) throw new RangeError(`the control decoder must be ${w}×${d}, got ${o.control.length} values`);
  const draws = o.baselines ?? 50;
  const delta = new Float64Array(w * d);
  let deltaNorm = 0, controlNorm = 0, meanCosine = 0;
  for (let i = 0; i < w; i++) {
    let dd = 0, cc = 0, ee = 0, ce = 0;
    for (let k = 0; k < d; k++) {
      const c = o.control[i * d + k], e = o.extended[i * d + k];
      delta[i * d + k] = e - c;
      dd += (e - c) ** 2;
      cc += c * c;
      ee += e * e;
      ce += c * e;
    }
    deltaNorm += Math.sqrt(dd) / w;
    controlNorm += Math.sqrt(cc) / w;
    meanCosine += (cc > 0 && ee > 0 ? ce / Math.sqrt(cc * ee) : 0) / w;
  }
  const newRows = Array.prototype.slice.call(o.extended, w * d) as number[];
  const basis = orthonormalBasis(newRows, n, d);
  const portionFor = (rows: ArrayLike<number>) => mean(projectionNorms(delta, w, orthonormalBasis(rows, n, d))) / controlNorm;
  const deltaProjection = mean(projectionNorms(delta, w, basis));
  const portion = deltaProjection / controlNorm;
  const rng = new Rng(o.seed ?? 0);
  const random = new Float64Array(n * d);
  const samples: number[] = [];
  for (let s = 0; s < draws; s++) samples.push(portionFor(rng.fillNormal(random)));
  const baseline = mean(samples);
  const baselineStd = draws > 1 ? Math.sqrt(samples.reduce((a, x) => a + (x - baseline) ** 2, 0) / (draws - 1)) : 0;
  return {
    width: w,
    newLatents: n,
    rank: basis.rank,
    deltaNorm,
    deltaProjection,
    controlNorm,
    portion,
    baseline,
    baselineStd,
    baselines: draws,
    baselineSamples: samples,
    degree: Math.max(0, (portion - baseline) / (1 - baseline)),
    meanCosine,
  };
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
