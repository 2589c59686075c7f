import { cholesky, packedIndex } from '../../linalg';
import { rocAuc } from './rocAuc';

/** Held-out quality of two linear probes for a binary label. */
export interface ProbeResult {
  /** Logistic regression on standardised features: AUC and accuracy (threshold ½) on the held-out half. */
  auc: number;
  accuracy: number;
  /** The mean-difference direction w = μ₁ − μ₀ of the training half, scored on the held-out half. */
  meanDifferenceAuc: number;
}

/**
 * Spec §4.4's truth probe: a stratified 50/50 split (alternate rows of each class), then an L2-regularised
 * logistic regression fitted by Newton's method and a mean-difference probe. λ = 1/n_train on the mean
 * log-loss is scikit-learn's default C = 1; features constant on the training half are dropped.
 */
export function fitTruthProbe(features: ArrayLike<number>, labels: ArrayLike<number>, d: number): ProbeResult {
  const rows = labels.length;
  if (features.length !== rows * d) throw new RangeError(`probe features have ${features.length} values, need ${rows}×${d}`);
  const { train, test } = stratifiedHalves(labels);
  const { mean, invStd } = standardiser(features, train, d);
  const design = (idx: number[]) => designMatrix(features, idx, d, mean, invStd);
  const w = fitLogistic(design(train), train.map((i) => labels[i]), d + 1, 1 / train.length);
  const testX = design(test);
  const testY = test.map((i) => labels[i]);
  const logits = test.map((_, r) => dot(testX, r * (d + 1), w, d + 1));
  const correct = logits.filter((z, r) => (z > 0 ? 1 : 0) === (testY[r] ? 1 : 0)).length;
  const direction = meanDifference(features, train, labels, d);
  const projections = test.map((i) => dot(features, i * d, direction, d));
  return { auc: rocAuc(logits, testY), accuracy: correct / test.length, meanDifferenceAuc: rocAuc(projections, testY) };
}

function stratifiedHalves(labels: ArrayLike<number>): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  const seen = [0, 0];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] ? 1 : 0;
    (seen[c]++ % 2 === 0 ? train : test).push(i);
  }
  return { train, test };
}

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

/** Minimises mean log-loss + (λ/2)‖w‖² (intercept, the last weight, not penalised) by damped Newton steps. */
function fitLogistic(x: Float64Array, y: number[], p: number, lambda: number): Float64Array {
  const n = y.length;
  let w = new Float64Array(p);
  let current = objective(x, y, w, p, lambda);
  for (let iter = 0; iter < 50; iter++) {
    const gradient = new Float64Array(p);
    const hessian = new Float64Array(p * p);
    for (let r = 0; r < n; r++) {
      const o = r * p;
      const q = sigmoid(dot(x, o, w, p));
      const weight = q * (1 - q);
      for (let a = 0; a < p; a++) {
        gradient[a] += ((q - y[r]) * x[o + a]) / n;
        const xa = (weight * x[o + a]) / n;
        for (let b = 0; b <= a; b++) hessian[a * p + b] += xa * x[o + b];
      }
    }
    for (let a = 0; a < p; a++) {
      const ridge = a === p - 1 ? 1e-10 : lambda;
      gradient[a] += ridge * w[a];
      hessian[a * p + a] += ridge;
      for (let b = 0; b < a; b++) hessian[b * p + a] = hessian[a * p + b];
    }
    const step = choleskySolve(hessian, gradient, p);
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

function meanDifference(x: ArrayLike<number>, rows: number[], labels: ArrayLike<number>, d: number): Float64Array {
  const sums = [new Float64Array(d), new Float64Array(d)];
  const counts = [0, 0];
  for (const i of rows) {
    const c = labels[i] ? 1 : 0;
    counts[c]++;
    for (let k = 0; k < d; k++) sums[c][k] += x[i * d + k];
  }
  return sums[1].map((s, k) => s / counts[1] - sums[0][k] / counts[0]);
}

function dot(x: ArrayLike<number>, offset: number, w: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let k = 0; k < p; k++) s += x[offset + k] * w[k];
  return s;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
