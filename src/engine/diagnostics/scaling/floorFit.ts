import { boundedLeastSquares, parameterCovariance } from './boundedLeastSquares';
import { fitPowerLaw } from './powerLawFit';

/** L(x) = c·x^(−α) + L0 fitted on log L. */
export interface FloorFit {
  c: number;
  alpha: number;
  l0: number;
  /** √diag(cov) of (c, α, L0), scipy `curve_fit`'s covariance. */
  cStdError: number;
  alphaStdError: number;
  l0StdError: number;
  /** Root-mean-square residual of ln L. */
  rmsLogResidual: number;
  points: number;
  from: number;
  to: number;
  /** Parameters that end on a bound (L0 at 0 means no floor is visible in the window). */
  atBound: string[];
  /** Which start gave the fit: 'spec' is p0 = (1, 0.33, L_last), 'ols' starts from the pure power law. */
  start: string;
  converged: boolean;
}

const NAMES = ['c', 'alpha', 'l0'];

/**
 * Power law with a floor, dynamics-methods §0.4 (Liu et al.'s LLM fits, scipy `curve_fit` with bounds):
 * residual ln(c·x^−α + L0) − ln L, bounds c ∈ [0, ∞), α ∈ [0, ∞), L0 ∈ [0, L_last]; α ± √diag(cov)[α].
 * The spec's start p0 = (1, 0.33, L_last) is tried beside starts from the pure power-law fit (with L0 = 0 and
 * L_last/2), and the lowest cost wins, so a poor p0 cannot leave the fit in a worse local minimum.
 */
export function fitPowerLawWithFloor(xs: readonly number[], ys: readonly number[]): FloorFit {
  const m = xs.length;
  if (m < 4) throw new RangeError(`a power law with a floor has 3 parameters and needs at least 4 points, got ${m}`);
  const logX = xs.map(Math.log);
  const logY = ys.map(Math.log);
  const last = ys[ys.length - 1];
  const problem = {
    lower: [0, 0, 0],
    upper: [Infinity, Infinity, last],
    residuals: (p: Float64Array) => Float64Array.from(logX, (lx, i) => Math.log(p[0] * Math.exp(-p[1] * lx) + p[2]) - logY[i]),
    jacobian: (p: Float64Array) => {
      const jac = new Float64Array(m * 3);
      logX.forEach((lx, i) => {
        const power = Math.exp(-p[1] * lx);
        const model = p[0] * power + p[2];
        jac[i * 3] = power / model;
        jac[i * 3 + 1] = (-p[0] * power * lx) / model;
        jac[i * 3 + 2] = 1 / model;
      });
      return jac;
    },
  };
  const pure = fitPowerLaw(xs, ys);
  const starts: [string, number[]][] = [
    ['spec', [1, 0.33, last]],
    ['ols', [pure.prefactor, Math.max(pure.alpha, 0), 0]],
    ['ols-half-floor', [pure.prefactor, Math.max(pure.alpha, 0), last / 2]],
  ];
  const fits = starts.map(([name, p0]) => ({ name, fit: boundedLeastSquares(problem, p0) }));
  const best = fits.reduce((a, b) => (b.fit.cost < a.fit.cost ? b : a));
  const { params, residuals, jacobian, atBound, converged } = best.fit;
  const cov = parameterCovariance(jacobian, residuals, 3);
  return {
    c: params[0],
    alpha: params[1],
    l0: params[2],
    cStdError: Math.sqrt(cov[0]),
    alphaStdError: Math.sqrt(cov[4]),
    l0StdError: Math.sqrt(cov[8]),
    rmsLogResidual: Math.sqrt((2 * best.fit.cost) / m),
    points: m,
    from: Math.min(...xs),
    to: Math.max(...xs),
    atBound: NAMES.flatMap((name, j) => (atBound[j] ? [`${name} at its ${atBound[j]} bound`] : [])),
    start: best.name,
    converged,
  };
}
