import assert from 'node:assert/strict';
import { RIDGE_ALPHAS, fitRidgeCv } from '../../../../src/engine/diagnostics/alignment/ridgeCv';
import { sampleLayerNorm } from '../../../../src/engine/diagnostics/alignment/ridgePredictivity';
import { symmetricEigen } from '../../../../src/engine/diagnostics/alignment/symmetricEigen';
import { Rng } from '../../../../src/engine/util/random';
import { assertClose, pythonFixture } from './helpers';

/** Solves (A + αI)·B = C for symmetric positive definite A [p, p] and C [p, q] by Gaussian elimination. */
function solve(a: Float64Array, alpha: number, c: Float64Array, p: number, q: number): Float64Array {
  const m = Float64Array.from(a);
  for (let i = 0; i < p; i++) m[i * p + i] += alpha;
  const b = Float64Array.from(c);
  for (let k = 0; k < p; k++) {
    for (let i = k + 1; i < p; i++) {
      const f = m[i * p + k] / m[k * p + k];
      for (let j = k; j < p; j++) m[i * p + j] -= f * m[k * p + j];
      for (let j = 0; j < q; j++) b[i * q + j] -= f * b[k * q + j];
    }
  }
  for (let k = p - 1; k >= 0; k--) {
    for (let j = 0; j < q; j++) {
      let s = b[k * q + j];
      for (let i = k + 1; i < p; i++) s -= m[k * p + i] * b[i * q + j];
      b[k * q + j] = s / m[k * p + k];
    }
  }
  return b;
}

/** Leave-one-out error of ridge by refitting without each row: the definition the shortcut must match. */
function bruteForceLoo(x: Float64Array, y: Float64Array, n: number, p: number, q: number, alpha: number): number {
  let total = 0;
  for (let out = 0; out < n; out++) {
    const xtx = new Float64Array(p * p), xty = new Float64Array(p * q);
    for (let r = 0; r < n; r++) {
      if (r === out) continue;
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < p; j++) xtx[i * p + j] += x[r * p + i] * x[r * p + j];
        for (let j = 0; j < q; j++) xty[i * q + j] += x[r * p + i] * y[r * q + j];
      }
    }
    const b = solve(xtx, alpha, xty, p, q);
    for (let j = 0; j < q; j++) {
      let pred = 0;
      for (let i = 0; i < p; i++) pred += x[out * p + i] * b[i * q + j];
      total += (y[out * q + j] - pred) ** 2;
    }
  }
  return total / (n * q);
}

describe('RidgeCV (efficient leave-one-out, no intercept)', () => {
  it('the leave-one-out errors equal refitting without each row', async () => {
    const [n, p, q] = [40, 4, 3];
    const rng = new Rng(11);
    const x = rng.fillNormal(new Float64Array(n * p));
    const y = new Float64Array(n * q);
    for (let r = 0; r < n; r++) for (let j = 0; j < q; j++) y[r * q + j] = x[r * p + j] - 0.5 * x[r * p + 3] + 0.3 * rng.normal();
    const alphas = [1e-3, 0.1, 1, 10, 100];
    const fit = await fitRidgeCv(x, y, n, p, q, alphas);
    assertClose(fit.looMse, alphas.map((a) => bruteForceLoo(x, y, n, p, q, a)), 1e-12, 'LOO MSE');
    const best = alphas[fit.looMse.indexOf(Math.min(...fit.looMse))];
    assert.equal(fit.alpha, best);
    const xtx = new Float64Array(p * p), xty = new Float64Array(p * q);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < p; j++) xtx[i * p + j] += x[r * p + i] * x[r * p + j];
        for (let j = 0; j < q; j++) xty[i * q + j] += x[r * p + i] * y[r * q + j];
      }
    }
    assertClose(fit.coef, solve(xtx, best, xty, p, q), 1e-12, 'coefficients');
  });

  it('matches a 50-digit reference on layer-normed (rank-deficient) inputs, down to α = 1e-8', async () => {
    // Reference: mpmath at 50 digits, explicit inverses. scikit-learn 1.9 chooses the same α and agrees to 3e-9;
    // its SVD path keeps the null direction that the layer norm creates, so its smallest-α errors carry rounding.
    const { x, y } = pythonFixture();
    const fit = await fitRidgeCv(sampleLayerNorm(x), sampleLayerNorm(y), x.rows, x.units, y.units);
    assert.equal(fit.alpha, 0.1);
    assertClose(fit.looMse, [
      0.12741431694017666, 0.12741431686882043, 0.1274143161552591, 0.1274143090197474, 0.12741423767477933, 0.12741352523979532,
      0.1274065021483957, 0.12734618939299708, 0.12755791175071593, 0.15059154505957137, 0.3325349399933132, 0.6557082254558915,
      0.7392888174930193, 0.7488871054441618, 0.7498610286376858, 0.7499585638126156, 0.7499683187606007,
    ], 1e-13, 'LOO MSE per α');
    assertClose(fit.coef, [
      0.20507580369521827, -0.41300601380853535, -0.05134736485518636, 0.25927757496850345, 0.17543008181812975, -0.6542136790441223,
      0.16398262813344644, 0.31480096909254607, -0.1244482142264781, -0.22446163252318704, 0.3747744472417094, -0.025864600492044212,
      -0.40769309806824167, 0.4470102914296547, 0.3851022753163157, -0.42441946867772873, 0.15163542678137173, 0.8446710339461899,
      -0.8725119858362851, -0.1237944748912766,
    ], 1e-12, 'coefficients');
    assert.equal(RIDGE_ALPHAS.length, 17);
    assert.equal(RIDGE_ALPHAS[0], 1e-8);
    assert.equal(RIDGE_ALPHAS[16], 1e8);
  });

  it('per-sample layer norm: zero mean, unit sample standard deviation (up to ε = 1e-5)', () => {
    const out = sampleLayerNorm({ data: Float64Array.of(1, 2, 3, 4, 0, 0, 0, 0), rows: 2, units: 4 });
    const sd = Math.sqrt(5 / 3);
    assertClose(out.subarray(0, 4), [-1.5, -0.5, 0.5, 1.5].map((v) => v / (sd + 1e-5)), 1e-15, 'row 0');
    assert.deepEqual([...out.subarray(4)], [0, 0, 0, 0]);
  });

  it('Jacobi eigen-decomposition reconstructs a symmetric matrix with orthonormal vectors', () => {
    const n = 7;
    const b = new Rng(3).fillNormal(new Float64Array(n * n));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += b[i * n + k] * b[j * n + k];
    const { values, vectors: v } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0, gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += v[i * n + k] * values[k] * v[j * n + k];
          gram += v[k * n + i] * v[k * n + j];
        }
        assert.ok(Math.abs(rebuilt - a[i * n + j]) < 1e-10 && Math.abs(gram - (i === j ? 1 : 0)) < 1e-12);
      }
    }
  });
});
