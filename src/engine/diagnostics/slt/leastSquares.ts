/**
 * The least-squares solution of D·B ≈ Y for D [rows, p] and Y [rows, q] (row-major), by Householder QR in
 * float64 — stable on ill-conditioned designs (high polynomial powers on a narrow domain), unlike the normal
 * equations. Returns B [p, q]. Throws when D has (numerically) dependent columns.
 */
export function leastSquares(design: ArrayLike<number>, targets: ArrayLike<number>, rows: number, p: number, q: number): Float64Array {
  if (rows < p) throw new RangeError(`least squares needs at least as many rows (${rows}) as unknowns (${p})`);
  const a = Float64Array.from({ length: rows * p }, (_, i) => design[i]);
  const y = Float64Array.from({ length: rows * q }, (_, i) => targets[i]);
  const diag = new Float64Array(p);
  let largest = 0;
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let r = k; r < rows; r++) norm += a[r * p + k] ** 2;
    norm = Math.sqrt(norm);
    largest = Math.max(largest, norm);
    if (norm <= 1e-13 * largest || norm === 0) throw new RangeError(`least squares: column ${k} of the design depends on the others`);
    const alpha = a[k * p + k] > 0 ? -norm : norm;
    // v = x − αe₁ stored in place of column k (rows k…); H = I − 2vvᵀ/vᵀv.
    a[k * p + k] -= alpha;
    let vv = 0;
    for (let r = k; r < rows; r++) vv += a[r * p + k] ** 2;
    const reflect = (get: (r: number) => number, set: (r: number, v: number) => void) => {
      let dot = 0;
      for (let r = k; r < rows; r++) dot += a[r * p + k] * get(r);
      const f = (2 * dot) / vv;
      for (let r = k; r < rows; r++) set(r, get(r) - f * a[r * p + k]);
    };
    for (let j = k + 1; j < p; j++) reflect((r) => a[r * p + j], (r, v) => (a[r * p + j] = v));
    for (let j = 0; j < q; j++) reflect((r) => y[r * q + j], (r, v) => (y[r * q + j] = v));
    diag[k] = alpha;
  }
  const b = new Float64Array(p * q);
  for (let j = 0; j < q; j++) {
    for (let k = p - 1; k >= 0; k--) {
      let s = y[k * q + j];
      for (let i = k + 1; i < p; i++) s -= a[k * p + i] * b[i * q + j];
      b[k * q + j] = s / diag[k];
    }
  }
  return b;
}
