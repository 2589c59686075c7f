import { symmetricEigen } from '../../toys/linalg';

/** min ½‖r(p)‖² subject to lower ≤ p ≤ upper. */
export interface BoundedLeastSquaresProblem {
  /** Residuals r(p), length m. */
  residuals(p: Float64Array): Float64Array;
  /** ∂r_i/∂p_j, row-major [m, n]. */
  jacobian(p: Float64Array): Float64Array;
  lower: readonly number[];
  upper: readonly number[];
}

export interface BoundedLeastSquaresResult {
  params: Float64Array;
  /** ½‖r‖² at the solution. */
  cost: number;
  residuals: Float64Array;
  jacobian: Float64Array;
  iterations: number;
  converged: boolean;
  /** Per parameter: 'lower' or 'upper' when it ends on that bound, else null. */
  atBound: ('lower' | 'upper' | null)[];
}

export interface LeastSquaresOptions {
  maxIterations?: number;
  /** Stop when an accepted step lowers the cost by less than this fraction (scipy's ftol). */
  costTolerance?: number;
  /** Stop when a step moves every parameter by less than this relative amount (scipy's xtol). */
  stepTolerance?: number;
}

/**
 * Levenberg–Marquardt with Marquardt's diagonal scaling, kept inside box bounds by projection with an active
 * set: a parameter on a bound whose gradient pushes it outwards is held there for the step, the others take
 * the damped Gauss–Newton step (JᵀJ + μ·diag(JᵀJ)) δ = −Jᵀr, clipped into the box. A step is kept only when it
 * lowers the cost; otherwise μ grows. At an interior minimum this is plain LM and converges quadratically;
 * at a bound it solves the reduced problem in the free parameters.
 */
export function boundedLeastSquares(problem: BoundedLeastSquaresProblem, start: readonly number[], options: LeastSquaresOptions = {}): BoundedLeastSquaresResult {
  const { maxIterations = 2000, costTolerance = 1e-15, stepTolerance = 1e-12 } = options;
  const n = start.length;
  const { lower, upper } = problem;
  let p = Float64Array.from(start, (v, j) => Math.min(upper[j], Math.max(lower[j], v)));
  let r = problem.residuals(p);
  let cost = halfSquaredNorm(r);
  if (!Number.isFinite(cost)) throw new RangeError(`least squares: the cost at the start (${Array.from(p).join(', ')}) is not finite`);
  let mu = 1e-3;
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations && !converged; iterations++) {
    const jac = problem.jacobian(p);
    const m = r.length;
    const gradient = new Float64Array(n);
    const normal = new Float64Array(n * n);
    for (let i = 0; i < m; i++) {
      for (let a = 0; a < n; a++) {
        const ja = jac[i * n + a];
        gradient[a] += ja * r[i];
        for (let b = 0; b <= a; b++) normal[a * n + b] += ja * jac[i * n + b];
      }
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) normal[b * n + a] = normal[a * n + b];
    const free = Array.from({ length: n }, (_, j) => j).filter((j) => !((p[j] <= lower[j] && gradient[j] > 0) || (p[j] >= upper[j] && gradient[j] < 0)));
    if (free.length === 0 || free.every((j) => Math.abs(gradient[j]) <= 1e-300)) {
      converged = true;
      break;
    }
    let accepted = false;
    for (let attempt = 0; attempt < 60 && !accepted; attempt++) {
      const step = dampedStep(normal, gradient, free, n, mu);
      const next = p.map((v, j) => Math.min(upper[j], Math.max(lower[j], v + step[j])));
      const nextR = problem.residuals(next);
      const nextCost = halfSquaredNorm(nextR);
      if (Number.isFinite(nextCost) && nextCost <= cost) {
        const decrease = cost - nextCost;
        const moved = next.every((v, j) => Math.abs(v - p[j]) <= stepTolerance * (Math.abs(p[j]) + stepTolerance));
        converged = decrease <= costTolerance * cost || moved;
        p = next;
        r = nextR;
        cost = nextCost;
        mu = Math.max(mu / 3, 1e-12);
        accepted = true;
      } else {
        mu *= 4;
      }
    }
    // No damping lowers the cost: the point is a minimum to working precision.
    if (!accepted) converged = true;
  }
  const jacobian = problem.jacobian(p);
  const atBound = Array.from(p, (v, j) => (v <= lower[j] ? 'lower' : v >= upper[j] ? 'upper' : null));
  return { params: p, cost, residuals: r, jacobian, iterations, converged, atBound };
}

/** Solves (A + μ·diag(A)) δ = −g over the free parameters; fixed ones get δ = 0. */
function dampedStep(normal: Float64Array, gradient: Float64Array, free: number[], n: number, mu: number): Float64Array {
  const k = free.length;
  const a = new Float64Array(k * k);
  free.forEach((i, r) => free.forEach((j, c) => (a[r * k + c] = normal[i * n + j])));
  for (let r = 0; r < k; r++) a[r * k + r] += mu * Math.max(a[r * k + r], 1e-300);
  const solved = solveSymmetric(a, free.map((j) => -gradient[j]), k);
  const step = new Float64Array(n);
  free.forEach((j, r) => (step[j] = solved[r]));
  return step;
}

/** A⁺b for a symmetric positive semi-definite A by its eigendecomposition (tiny eigenvalues dropped). */
function solveSymmetric(a: Float64Array, b: number[], k: number): Float64Array {
  const inverse = pseudoInverse(a, k);
  return Float64Array.from({ length: k }, (_, r) => b.reduce((s, v, c) => s + inverse[r * k + c] * v, 0));
}

/**
 * The Moore–Penrose inverse of a symmetric positive semi-definite k×k matrix; eigenvalues below
 * `relativeCutoff`·λ_max count as zero.
 */
export function pseudoInverse(a: ArrayLike<number>, k: number, relativeCutoff = 1e-30): Float64Array {
  const { values, vectors } = symmetricEigen(a, k);
  const top = Math.max(...values);
  const out = new Float64Array(k * k);
  for (let e = 0; e < k; e++) {
    if (!(values[e] > relativeCutoff * top)) continue;
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) out[r * k + c] += (vectors[r * k + e] * vectors[c * k + e]) / values[e];
  }
  return out;
}

/**
 * scipy `curve_fit`'s covariance of the parameters at a least-squares solution: (JᵀJ)⁺·RSS/(m − n), where
 * singular values of J below ε·max(m, n)·s_max count as zero. NaN everywhere when m ≤ n.
 */
export function parameterCovariance(jacobian: Float64Array, residuals: Float64Array, n: number): Float64Array {
  const m = residuals.length;
  if (m <= n) return new Float64Array(n * n).fill(NaN);
  const normal = new Float64Array(n * n);
  for (let i = 0; i < m; i++) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) normal[a * n + b] += jacobian[i * n + a] * jacobian[i * n + b];
  const cutoff = (Number.EPSILON * Math.max(m, n)) ** 2;
  const inverse = pseudoInverse(normal, n, cutoff);
  const scale = (2 * halfSquaredNorm(residuals)) / (m - n);
  return inverse.map((v) => v * scale);
}

function halfSquaredNorm(r: Float64Array): number {
  let s = 0;
  for (const v of r) s += v * v;
  return s / 2;
}
