import { cholesky, packedIndex } from '../../toys/linalg';
import { rocAuc } from './rocAuc';

/** Held-out quality of two linear probes for a binary label. */
export interface ProbeResult {
  /** Logistic regression on standardised features: AUC and accuracy (threshold ½) on the held-out half. */
  auc: number;
  accuracy: number;
  /** The mean-difference direction w = μ₁ − μ₀ of the training half, scored on the held-out half. */
  meanDifferenceAuc: number;
}

/** Both probes trained on some rows and scored on others. */
export interface FoldScores {
  logisticAuc: number;
  /** Share of held-out rows on the right side of p = ½. */
  logisticAccuracy: number;
  meanDifferenceAuc: number;
  /** Share of held-out rows on the right side of the midpoint w·(μ₁ + μ₀)/2 of the training class means. */
  meanDifferenceAccuracy: number;
}

/**
 * Spec §4.4's truth probe: a stratified 50/50 split (alternate rows of each class), then an L2-regularised
 * logistic regression and a mean-difference probe (see probeFold).
 */
export function fitTruthProbe(features: ArrayLike<number>, labels: ArrayLike<number>, d: number): ProbeResult {
  const [train, test] = stratifiedFolds(labels, 2);
  const s = probeFold(features, labels, d, train, test);
  return { auc: s.logisticAuc, accuracy: s.logisticAccuracy, meanDifferenceAuc: s.meanDifferenceAuc };
}

/**
 * k stratified folds: the i-th row of each class (in row order) goes to fold i mod k, so every fold holds
 * either class in proportion and the split is deterministic.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number): number[][] {
  const folds: number[][] = Array.from({ length: k }, () => []);
  const seen = [0, 0];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] ? 1 : 0;
    folds[seen[c]++ % k].push(i);
  }
  return folds;
}

/**
 * Trains both probes on the `train` rows of `features` [rows, d] and scores them on the `test` rows. The
 * logistic regression standardises features with the training rows' mean and std (features constant there
 * are dropped) and minimises the mean log-loss + (λ/2)‖w‖² with λ = 1/n_train — scikit-learn's default C = 1 —
 * by Newton's method (conjugate gradients for the Newton step when d is large). The mean-difference probe
 * projects raw features on μ₁ − μ₀ of the training rows.
 */
export function probeFold(features: ArrayLike<number>, labels: ArrayLike<number>, d: number, train: number[], test: number[]): FoldScores {
  const rows = labels.length;
  if (features.length !== rows * d) throw new RangeError(`probe features have ${features.length} values, need ${rows}×${d}`);
  const { mean, invStd } = standardiser(features, train, d);
  const design = (idx: number[]) => designMatrix(features, idx, d, mean, invStd);
  const w = fitLogistic(design(train), train.map((i) => (labels[i] ? 1 : 0)), d + 1, 1 / train.length);
  const testX = design(test);
  const testY = test.map((i) => (labels[i] ? 1 : 0));
  const logits = test.map((_, r) => dot(testX, r * (d + 1), w, d + 1));
  const { direction, threshold } = meanDifference(features, train, labels, d);
  const projections = test.map((i) => dot(features, i * d, direction, d));
  return {
    logisticAuc: rocAuc(logits, testY),
    logisticAccuracy: accuracy(logits, 0, testY),
    meanDifferenceAuc: rocAuc(projections, testY),
    meanDifferenceAccuracy: accuracy(projections, threshold, testY),
  };
}

const accuracy = (scores: number[], threshold: number, y: number[]): number => scores.filter((z, r) => (z > threshold ? 1 : 0) === y[r]).length / y.length;

function standardiser(x: ArrayLike<number>, rows: number[], d: number): { mean: Float64Array; invStd: Float64Array } {
  const mean = new Float64Array(d);
  const invStd = new Float64Array(d);
  for (const i of rows) for (let k = 0; k < d; k++) mean[k] += x[i * d + k] / rows.length;
  for (const i of rows) for (let k = 0; k < d; k++) invStd[k] += (x[i * d + k] - mean[k]) ** 2 / rows.length;
  for (let k = 0; k < d; k++) invStd[k] = invStd[k] > 1e-12 * (1 + mean[k] * mean[k]) ? 1 / Math.sqrt(invStd[k]) : 0;
  return { mean, invStd };
}

/** Rows of standardised features with a trailing 1 for the intercept: [rows, d + 1]. */
function designMatrix(x: ArrayLike<number>, rows: number[], d: number, mean: Float64Array, invStd: Float64Array): Float64Array {
  const out = new Float64Array(rows.length * (d + 1));
  rows.forEach((i, r) => {
    for (let k = 0; k < d; k++) out[r * (d + 1) + k] = (x[i * d + k] - mean[k]) * invStd[k];
    out[r * (d + 1) + d] = 1;
  });
  return out;
}

/** Above this many weights the Newton step is solved by conjugate gradients instead of forming the Hessian. */
const DENSE_NEWTON_MAX = 257;

/**
 * Minimises mean log-loss + (λ/2)‖w‖² over rows x [n, p] (the last column the intercept's 1, its weight not
 * penalised) by damped Newton steps; `solver` forces how the Newton step is solved (default: by size).
 */
export function fitLogistic(x: Float64Array, y: number[], p: number, lambda: number, solver?: 'dense' | 'cg'): Float64Array {
  const n = y.length;
  const ridge = (a: number) => (a === p - 1 ? 1e-10 : lambda);
  let w = new Float64Array(p);
  let current = objective(x, y, w, p, lambda);
  for (let iter = 0; iter < 50; iter++) {
    const gradient = new Float64Array(p);
    const weights = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const q = sigmoid(dot(x, r * p, w, p));
      weights[r] = q * (1 - q);
      for (let a = 0; a < p; a++) gradient[a] += ((q - y[r]) * x[r * p + a]) / n;
    }
    for (let a = 0; a < p; a++) gradient[a] += ridge(a) * w[a];
    const step = (solver ?? (p <= DENSE_NEWTON_MAX ? 'dense' : 'cg')) === 'dense' ? denseNewtonStep(x, weights, gradient, p, ridge) : conjugateGradientStep(x, weights, gradient, p, ridge);
    let scale = 1;
    let next = w;
    let value = current;
    for (; scale > 1e-6; scale /= 2) {
      next = w.map((v, a) => v - scale * step[a]);
      value = objective(x, y, next, p, lambda);
      if (value <= current) break;
    }
    if (scale <= 1e-6) break;
    const converged = current - value < 1e-12 * (1 + Math.abs(current));
    w = next;
    current = value;
    if (converged) break;
  }
  return w;
}

/** H⁻¹g with H = Xᵀ diag(weights) X / n + diag(ridge), formed and factored (Cholesky). */
function denseNewtonStep(x: Float64Array, weights: Float64Array, gradient: Float64Array, p: number, ridge: (a: number) => number): Float64Array {
  const n = weights.length;
  const hessian = new Float64Array(p * p);
  for (let r = 0; r < n; r++) {
    const o = r * p;
    for (let a = 0; a < p; a++) {
      const xa = (weights[r] * x[o + a]) / n;
      for (let b = 0; b <= a; b++) hessian[a * p + b] += xa * x[o + b];
    }
  }
  for (let a = 0; a < p; a++) {
    hessian[a * p + a] += ridge(a);
    for (let b = 0; b < a; b++) hessian[b * p + a] = hessian[a * p + b];
  }
  return choleskySolve(hessian, gradient, p);
}

/** H⁻¹g by conjugate gradients on Hessian–vector products, O(n·p) each: for wide features. */
function conjugateGradientStep(x: Float64Array, weights: Float64Array, gradient: Float64Array, p: number, ridge: (a: number) => number): Float64Array {
  const n = weights.length;
  const hv = (v: Float64Array) => {
    const out = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      const s = (weights[r] * dot(x, r * p, v, p)) / n;
      for (let a = 0; a < p; a++) out[a] += s * x[r * p + a];
    }
    for (let a = 0; a < p; a++) out[a] += ridge(a) * v[a];
    return out;
  };
  const sol = new Float64Array(p);
  const res = Float64Array.from(gradient);
  const dir = Float64Array.from(gradient);
  let rr = dot(res, 0, res, p);
  const target = 1e-20 * rr;
  for (let it = 0; it < 200 && rr > target; it++) {
    const hd = hv(dir);
    const step = rr / dot(dir, 0, hd, p);
    for (let a = 0; a < p; a++) {
      sol[a] += step * dir[a];
      res[a] -= step * hd[a];
    }
    const next = dot(res, 0, res, p);
    for (let a = 0; a < p; a++) dir[a] = res[a] + (next / rr) * dir[a];
    rr = next;
  }
  return sol;
}

function objective(x: Float64Array, y: number[], w: Float64Array, p: number, lambda: number): number {
  let loss = 0;
  for (let r = 0; r < y.length; r++) {
    const z = dot(x, r * p, w, p);
    // log(1 + e^z) − y·z, written so that large |z| neither overflows nor loses digits.
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[r] * z;
  }
  let penalty = 0;
  for (let a = 0; a < p - 1; a++) penalty += w[a] * w[a];
  return loss / y.length + (lambda / 2) * penalty;
}

function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = cholesky(a, n);
  if (!l) throw new RangeError('the probe Hessian is not positive definite');
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[packedIndex(i, k)] * z[k];
    z[i] = s / l[packedIndex(i, i)];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= l[packedIndex(k, i)] * z[k];
    z[i] = s / l[packedIndex(i, i)];
  }
  return z;
}

/** w = μ₁ − μ₀ over the training rows, and the projection of the midpoint of the two means. */
function meanDifference(x: ArrayLike<number>, rows: number[], labels: ArrayLike<number>, d: number): { direction: Float64Array; threshold: number } {
  const sums = [new Float64Array(d), new Float64Array(d)];
  const counts = [0, 0];
  for (const i of rows) {
    const c = labels[i] ? 1 : 0;
    counts[c]++;
    for (let k = 0; k < d; k++) sums[c][k] += x[i * d + k];
  }
  const mu = sums.map((s, c) => s.map((v) => v / counts[c]));
  const direction = mu[1].map((m, k) => m - mu[0][k]);
  let threshold = 0;
  for (let k = 0; k < d; k++) threshold += (direction[k] * (mu[1][k] + mu[0][k])) / 2;
  return { direction, threshold };
}

function dot(x: ArrayLike<number>, offset: number, w: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let k = 0; k < p; k++) s += x[offset + k] * w[k];
  return s;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
