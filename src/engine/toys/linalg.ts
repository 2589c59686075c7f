/** Small dense linear algebra on row-major Float64Array matrices, enough for toy worlds of up to a few hundred features. */

/**
 * Orthonormalises the n rows of `rows` ([n, d], n ≤ d) in place by modified Gram–Schmidt, run twice
 * ("twice is enough") so the result is orthonormal to rounding. Applied to i.i.d. Gaussian rows this is the
 * Q factor of a QR decomposition, i.e. a uniformly random orthonormal frame.
 */
export function orthonormalizeRows(rows: Float64Array, n: number, d: number): Float64Array {
  if (n > d) throw new RangeError(`cannot orthonormalise ${n} rows in ${d} dimensions`);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const oj = j * d;
        let dot = 0;
        for (let k = 0; k < d; k++) dot += rows[oi + k] * rows[oj + k];
        for (let k = 0; k < d; k++) rows[oi + k] -= dot * rows[oj + k];
      }
    }
    const norm = rowNorm(rows, oi, d);
    if (norm === 0) throw new RangeError(`row ${i} is linearly dependent on the rows before it`);
    for (let k = 0; k < d; k++) rows[oi + k] /= norm;
  }
  return rows;
}

export function rowNorm(rows: ArrayLike<number>, offset: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += rows[offset + k] * rows[offset + k];
  return Math.sqrt(s);
}

/** Index of element (i, j), j ≤ i, in a packed lower-triangular matrix stored row by row. */
export const packedIndex = (i: number, j: number): number => (i * (i + 1)) / 2 + j;

/**
 * Cholesky factor L (A = L Lᵀ) of a symmetric n×n matrix, packed lower-triangular row by row
 * (length n(n+1)/2), or null when A is not numerically positive definite.
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array | null {
  const l = new Float64Array((n * (n + 1)) / 2);
  for (let i = 0; i < n; i++) {
    const oi = packedIndex(i, 0);
    for (let j = 0; j <= i; j++) {
      const oj = packedIndex(j, 0);
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[oi + k] * l[oj + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[oi + i] = Math.sqrt(s);
      } else {
        l[oi + j] = s / l[oj + j];
      }
    }
  }
  return l;
}

/**
 * Cholesky factor of a correlation matrix (unit diagonal). A singular or barely indefinite matrix is
 * factored as (C + εI)/(1 + ε) for the smallest ε in 1e-12, 1e-11, …, 1e-4 that works: the diagonal stays
 * exactly 1, so marginals that depend on it are untouched, and every correlation shrinks by 1/(1 + ε).
 */
export function correlationCholesky(c: ArrayLike<number>, n: number): { factor: Float64Array; jitter: number } {
  const exact = cholesky(c, n);
  if (exact) return { factor: exact, jitter: 0 };
  const shifted = new Float64Array(n * n);
  for (let jitter = 1e-12; jitter <= 1e-4 * 1.0001; jitter *= 10) {
    for (let i = 0; i < n * n; i++) shifted[i] = c[i] / (1 + jitter);
    for (let i = 0; i < n; i++) shifted[i * n + i] = 1;
    const factor = cholesky(shifted, n);
    if (factor) return { factor, jitter };
  }
  throw new RangeError('correlation matrix is not positive semi-definite (Cholesky failed even with jitter 1e-4)');
}

/**
 * Eigendecomposition of a symmetric n×n matrix by cyclic Jacobi rotations: `values[i]` belongs to the
 * eigenvector in column i of `vectors` ([n, n] row-major). O(n³) per sweep, a handful of sweeps.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from({ length: n * n }, (_, i) => a[i]);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += m[i] * m[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] * m[p * n + q];
    if (off <= 1e-30 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotateColumns(m, n, p, q, c, s);
        rotateRows(m, n, p, q, c, s);
        m[p * n + q] = 0;
        m[q * n + p] = 0;
        rotateColumns(v, n, p, q, c, s);
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return { values, vectors: v };
}

function rotateColumns(m: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const kp = m[k * n + p];
    const kq = m[k * n + q];
    m[k * n + p] = c * kp - s * kq;
    m[k * n + q] = s * kp + c * kq;
  }
}

function rotateRows(m: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const pk = m[p * n + k];
    const qk = m[q * n + k];
    m[p * n + k] = c * pk - s * qk;
    m[q * n + k] = s * pk + c * qk;
  }
}
