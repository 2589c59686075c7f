import { Folds } from './kfold';
import { Representation } from './representation';
import { RIDGE_ALPHAS, ridgeCv } from './ridgeCv';
import { RidgeKernels, ridgeChunkRows } from './ridgeKernels';

/**
 * Per-sample layer norm (the Python code's `LN`): each row becomes (row − mean)/(sd + 1e-5), with the sample
 * standard deviation (n − 1 denominator, as torch's `std`) taken across the row's units.
 */
export function sampleLayerNorm(r: Representation): Float64Array {
  if (r.units < 2) throw new RangeError(`per-sample layer norm needs at least 2 units, got ${r.units}`);
  const out = new Float64Array(r.rows * r.units);
  for (let i = 0; i < r.rows; i++) {
    const row = i * r.units;
    let mean = 0;
    for (let c = 0; c < r.units; c++) mean += r.data[row + c];
    mean /= r.units;
    let ss = 0;
    for (let c = 0; c < r.units; c++) ss += (r.data[row + c] - mean) ** 2;
    const scale = 1 / (Math.sqrt(ss / (r.units - 1)) + 1e-5);
    for (let c = 0; c < r.units; c++) out[row + c] = (r.data[row + c] - mean) * scale;
  }
  return out;
}

/** The rows of fold k's test part ('test') or of the other folds ('train'), in row order. */
function foldRows(data: Float64Array, units: number, folds: Folds, k: number, part: 'train' | 'test'): Float64Array {
  const n = part === 'test' ? folds.sizes[k] : folds.foldOf.length - folds.sizes[k];
  const out = new Float64Array(n * units);
  let at = 0;
  for (let r = 0; r < folds.foldOf.length; r++) {
    if ((folds.foldOf[r] === k) !== (part === 'test')) continue;
    out.set(data.subarray(r * units, (r + 1) * units), at);
    at += units;
  }
  return out;
}

/** The uncentred cosine per target column between predictions X·B and Y (0 for a zero column). */
function columnCosines(x: Float64Array, p: number, coef: Float64Array, y: Float64Array, q: number, rows: number): Float64Array {
  const dot = new Float64Array(q), predicted = new Float64Array(q), actual = new Float64Array(q);
  const row = new Float64Array(q);
  for (let r = 0; r < rows; r++) {
    row.fill(0);
    for (let i = 0; i < p; i++) {
      const a = x[r * p + i];
      if (a === 0) continue;
      for (let j = 0; j < q; j++) row[j] += a * coef[i * q + j];
    }
    for (let j = 0; j < q; j++) {
      const t = y[r * q + j];
      dot[j] += row[j] * t;
      predicted[j] += row[j] * row[j];
      actual[j] += t * t;
    }
  }
  return Float64Array.from(dot, (d, j) => {
    const norm = Math.sqrt(predicted[j] * actual[j]);
    return norm > 0 ? d / norm : 0;
  });
}

/** One fold's ridge fit: its score, the α chosen, and each target unit's cosine (the score is their mean). */
export interface RidgeFold {
  score: number;
  alpha: number;
  units: Float64Array;
}

/**
 * Linear predictivity per fold (sae-methods §5.2, `RidgeRegression`), for X [n, p] and Y [n, q] already
 * per-sample layer-normed (`sampleLayerNorm`): RidgeCV without intercept on the fold's training rows, then
 * Ŷ_te = X_te·B and the fold's score (1/q) Σ_j cos(Ŷ_te[:, j], Y_te[:, j]), the uncentred cosine. Each fold's
 * XᵀX and XᵀY are summed from the other folds' test parts, so the rows are multiplied out once.
 */
export async function ridgeFolds(x: Float64Array, p: number, y: Float64Array, q: number, folds: Folds): Promise<RidgeFold[]> {
  const kernels = await RidgeKernels.create(p, q, RIDGE_ALPHAS.length, ridgeChunkRows(folds.foldOf.length, q, RIDGE_ALPHAS.length));
  try {
    const tests = Array.from({ length: folds.count }, (_, k) => ({ x: foldRows(x, p, folds, k, 'test'), y: foldRows(y, q, folds, k, 'test') }));
    const grams = [];
    for (const [k, t] of tests.entries()) grams.push(await kernels.gram(t.x, t.y, folds.sizes[k]));
    const out: RidgeFold[] = [];
    for (let k = 0; k < folds.count; k++) {
      const xtx = new Float64Array(p * p), xty = new Float64Array(p * q);
      grams.forEach((gr, l) => {
        if (l === k) return;
        for (let i = 0; i < xtx.length; i++) xtx[i] += gr.xtx[i];
        for (let i = 0; i < xty.length; i++) xty[i] += gr.xty[i];
      });
      const nTrain = folds.foldOf.length - folds.sizes[k];
      const fit = await ridgeCv(kernels, foldRows(x, p, folds, k, 'train'), foldRows(y, q, folds, k, 'train'), nTrain, RIDGE_ALPHAS, { xtx, xty });
      const units = columnCosines(tests[k].x, p, fit.coef, tests[k].y, q, folds.sizes[k]);
      out.push({ score: units.reduce((a, b) => a + b, 0) / q, alpha: fit.alpha, units });
    }
    return out;
  } finally {
    await kernels.release();
  }
}
