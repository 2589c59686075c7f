import { Folds } from './kfold';
import { Representation } from './representation';

/**
 * Sufficient statistics of every fold's test rows: counts, column sums and sums of squares of X and Y, and the
 * cross products XᵀY. A fold's training statistics are the totals minus its test statistics, so one pass over
 * the rows gives every correlation matrix of the cross-validation.
 */
export interface FoldMoments {
  p: number;
  q: number;
  n: Float64Array;
  sx: Float64Array[];
  sxx: Float64Array[];
  sy: Float64Array[];
  syy: Float64Array[];
  sxy: Float64Array[];
}

export function foldMoments(x: Representation, y: Representation, folds: Folds): FoldMoments {
  const { units: p } = x;
  const { units: q } = y;
  const K = folds.count;
  const make = (size: number) => Array.from({ length: K }, () => new Float64Array(size));
  const m: FoldMoments = { p, q, n: new Float64Array(K), sx: make(p), sxx: make(p), sy: make(q), syy: make(q), sxy: make(p * q) };
  for (let r = 0; r < x.rows; r++) {
    const k = folds.foldOf[r];
    m.n[k]++;
    const sx = m.sx[k], sxx = m.sxx[k], sy = m.sy[k], syy = m.syy[k], sxy = m.sxy[k];
    const xr = r * p, yr = r * q;
    for (let j = 0; j < q; j++) {
      const v = y.data[yr + j];
      sy[j] += v;
      syy[j] += v * v;
    }
    for (let i = 0; i < p; i++) {
      const a = x.data[xr + i];
      // Sparse codes (SAE latents) are mostly zero: skipping them makes the pass O(nnz·q).
      if (a === 0) continue;
      sx[i] += a;
      sxx[i] += a * a;
      const row = i * q;
      for (let j = 0; j < q; j++) sxy[row + j] += a * y.data[yr + j];
    }
  }
  return m;
}

/**
 * Pearson correlations [p, q] between the columns of X and Y over the test rows of fold k ('test') or over the
 * other folds ('train'): the entries of X̂ᵀŶ with ẑ = (z − mean z)/‖z − mean z‖ in that part. A column that is
 * constant in the part has no direction; its correlations are set to 0 (the Python code would give NaN).
 */
export function foldCorrelations(m: FoldMoments, k: number, part: 'train' | 'test'): Float64Array {
  const pick = (arrays: Float64Array[]): Float64Array => {
    if (part === 'test') return arrays[k];
    const out = new Float64Array(arrays[0].length);
    arrays.forEach((a, f) => {
      if (f !== k) for (let i = 0; i < a.length; i++) out[i] += a[i];
    });
    return out;
  };
  const n = part === 'test' ? m.n[k] : m.n.reduce((a, b) => a + b, 0) - m.n[k];
  const sx = pick(m.sx), sxx = pick(m.sxx), sy = pick(m.sy), syy = pick(m.syy), sxy = pick(m.sxy);
  const scale = (s: Float64Array, ss: Float64Array) =>
    Float64Array.from(s, (v, i) => {
      const centred = ss[i] - (v * v) / n;
      return centred > 1e-12 * ss[i] && centred > 0 ? 1 / Math.sqrt(centred) : 0;
    });
  const ix = scale(sx, sxx), iy = scale(sy, syy);
  const c = new Float64Array(m.p * m.q);
  for (let i = 0; i < m.p; i++) {
    for (let j = 0; j < m.q; j++) {
      const cov = sxy[i * m.q + j] - (sx[i] * sy[j]) / n;
      // Clamped because rounding can put identical columns a hair above 1.
      c[i * m.q + j] = Math.max(-1, Math.min(1, cov * ix[i] * iy[j]));
    }
  }
  return c;
}
