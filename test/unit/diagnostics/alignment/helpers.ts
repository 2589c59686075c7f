import { Representation } from '../../../../src/engine/diagnostics/alignment/representation';
import { Rng } from '../../../../src/engine/util/random';

/** A random orthogonal matrix [n, n] (Gram–Schmidt on Gaussian columns), row-major. */
export function randomRotation(n: number, rng: Rng): Float64Array {
  const r = rng.fillNormal(new Float64Array(n * n));
  for (let c = 0; c < n; c++) {
    for (let d = 0; d < c; d++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += r[k * n + c] * r[k * n + d];
      for (let k = 0; k < n; k++) r[k * n + c] -= dot * r[k * n + d];
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += r[k * n + c] ** 2;
    for (let k = 0; k < n; k++) r[k * n + c] /= Math.sqrt(norm);
  }
  return r;
}

/** y·M for y [rows, n] and M [n, m]. */
export function times(y: Representation, m: Float64Array, cols: number): Representation {
  const out = new Float64Array(y.rows * cols);
  for (let r = 0; r < y.rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let k = 0; k < y.units; k++) s += y.data[r * y.units + k] * m[k * cols + c];
      out[r * cols + c] = s;
    }
  }
  return { data: out, rows: y.rows, units: cols };
}

/** The units of y in the order `order` (unit c of the result is unit order[c] of y). */
export function permuted(y: Representation, order: number[]): Representation {
  const out = new Float64Array(y.data.length);
  for (let r = 0; r < y.rows; r++) order.forEach((from, c) => (out[r * y.units + c] = y.data[r * y.units + from]));
  return { data: out, rows: y.rows, units: y.units };
}

/**
 * The fixture the expected values below were computed on with the Python reference (numpy, scikit-learn 1.9
 * KFold/RidgeCV, POT 0.9 `ot.emd`, and the metric code of sae-methods §5.2): closed-form values so that both
 * sides build exactly the same numbers.
 */
export function pythonFixture(): { x: Representation; y: Representation } {
  const [n, p, q] = [60, 5, 4];
  const x = new Float64Array(n * p);
  for (let r = 0; r < n; r++) for (let c = 0; c < p; c++) x[r * p + c] = Math.max(0, Math.sin(0.9 * r + 1.7 * c) + 0.3 * Math.cos(2.3 * r * c + 0.5));
  const y = new Float64Array(n * q);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < q; j++) {
      let s = 0.05 * Math.sin(3.1 * r + j);
      for (let c = 0; c < p; c++) s += x[r * p + c] * Math.cos(c + 2 * j);
      y[r * q + j] = s;
    }
  }
  return { x: { data: x, rows: n, units: p }, y: { data: y, rows: n, units: q } };
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) throw new Error(`${what}[${i}] = ${actual[i]}, expected ${expected[i]} ± ${tolerance}`);
  }
}
