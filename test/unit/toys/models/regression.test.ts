import assert from 'node:assert/strict';
import { symmetricEigen } from '../../../../src/engine/toys/linalg';
import { RegressionData, normalCrossingData, reducedRankData } from '../../../../src/engine/toys/models/regression/regressionData';
import { evaluateRegression, fitRegression } from '../../../../src/engine/toys/models/regression/regressionFit';
import { normalCrossingModel, reducedRankModel } from '../../../../src/engine/toys/models/regression/regressionModels';
import {
  linearRegressionFamily,
  normalCrossingFamily,
  reducedRankFamily,
  regressionPresets,
  regressionProblem,
} from '../../../../src/engine/toys/models/regression/regressionPresets';
import { Rng } from '../../../../src/engine/util/random';
import { describePresetContract } from './presetContract';

/** Solves A X = B for A [n, n] and B [n, k] by Gaussian elimination with partial pivoting (float64). */
function solve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number): Float64Array {
  const m = Float64Array.from(a), x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[pivot * n + c])) pivot = r;
    for (let j = 0; j < n; j++) [m[c * n + j], m[pivot * n + j]] = [m[pivot * n + j], m[c * n + j]];
    for (let j = 0; j < k; j++) [x[c * k + j], x[pivot * k + j]] = [x[pivot * k + j], x[c * k + j]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c] / m[c * n + c];
      for (let j = 0; j < n; j++) m[r * n + j] -= f * m[c * n + j];
      for (let j = 0; j < k; j++) x[r * k + j] -= f * x[c * k + j];
    }
  }
  for (let c = 0; c < n; c++) for (let j = 0; j < k; j++) x[c * k + j] /= m[c * n + c];
  return x;
}

/** Least squares by the normal equations: Ĉᵀ = (XᵀX)⁻¹XᵀY, [inputDim, outputDim]; and the fitted values XĈᵀ. */
function leastSquares(d: RegressionData): { coefficients: Float64Array; fitted: Float64Array } {
  const { rows, inputDim: p, outputDim: q, x, y } = d;
  const xtx = new Float64Array(p * p), xty = new Float64Array(p * q);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) xtx[i * p + j] += x[r * p + i] * x[r * p + j];
      for (let j = 0; j < q; j++) xty[i * q + j] += x[r * p + i] * y[r * q + j];
    }
  }
  const coefficients = solve(xtx, xty, p, q);
  const fitted = new Float64Array(rows * q);
  for (let r = 0; r < rows; r++) for (let j = 0; j < q; j++) for (let i = 0; i < p; i++) fitted[r * q + j] += x[r * p + i] * coefficients[i * q + j];
  return { coefficients, fitted };
}

const [linearPreset, rrrPreset, normalCrossingPreset] = regressionPresets;

describe('regression families with known learning coefficients (dynamics-methods §2.2)', () => {
  it('linear regression: Adam reaches the least-squares solution of the normal equations', async () => {
    const seed = 3;
    const config = { ...linearRegressionFamily.defaults, steps: 2000 };
    const { data } = regressionProblem(linearRegressionFamily, config, seed);
    const run = await linearPreset.train({ seed, steps: config.steps });
    const { coefficients, fitted } = leastSquares(data);
    const w = run.params.w.data;
    coefficients.forEach((c, i) => assert.ok(Math.abs(w[i] - c) < 2e-3, `w[${i}] ${w[i]} vs OLS ${c}`));
    let sse = 0;
    fitted.forEach((f, r) => (sse += (f - data.y[r]) ** 2));
    const optimum = sse / data.rows;
    const loss = run.records.at(-1)!.loss;
    assert.ok(loss >= optimum * (1 - 1e-5) && loss <= optimum * (1 + 1e-4), `loss ${loss} vs least squares ${optimum}`);
  });

  it('reduced rank, realisable (H = r = 3): BA recovers the rank-3 teacher', async () => {
    const seed = 0;
    const { data } = regressionProblem(reducedRankFamily, reducedRankFamily.defaults, seed);
    const run = await rrrPreset.train({ seed, steps: 4000 });
    assert.ok(run.records.at(-1)!.loss < 1e-6, `loss ${run.records.at(-1)!.loss}`);
    const [a, b] = [run.params.A.data, run.params.B.data];
    for (let o = 0; o < 6; o++) {
      for (let i = 0; i < 6; i++) {
        let ba = 0;
        for (let k = 0; k < 3; k++) ba += b[o * 3 + k] * a[k * 6 + i];
        assert.ok(Math.abs(ba - data.teacher![o * 6 + i]) < 1e-3, `BA[${o}, ${i}] ${ba} vs ${data.teacher![o * 6 + i]}`);
      }
    }
  });

  it('reduced rank below the teacher (H = 2 < r = 3, noisy): the loss reaches the rank-2 optimum', async () => {
    const model = reducedRankModel(6, 2, 6);
    const data = reducedRankData(new Rng(4), 500, 6, 6, 3, 0.1);
    const run = await fitRegression({ preset: 'rrr', config: {}, model, data, steps: 6000, lr: 0.01, recordEvery: 6000 }, { seed: 4 });
    // Best rank-H fit: the least-squares residual plus all but the top H eigenvalues of ŶᵀŶ (Ŷ = fitted values).
    const { fitted } = leastSquares(data);
    const gram = new Float64Array(36);
    let residual = 0;
    for (let r = 0; r < 500; r++) {
      for (let i = 0; i < 6; i++) {
        residual += (fitted[r * 6 + i] - data.y[r * 6 + i]) ** 2;
        for (let j = 0; j < 6; j++) gram[i * 6 + j] += fitted[r * 6 + i] * fitted[r * 6 + j];
      }
    }
    const eigen = Array.from(symmetricEigen(gram, 6).values).sort((p, q) => q - p);
    const optimum = (residual + eigen.slice(2).reduce((s, v) => s + v, 0)) / (500 * 6);
    const loss = run.records.at(-1)!.loss;
    assert.ok(loss >= optimum * (1 - 1e-5) && loss <= optimum * (1 + 1e-4), `loss ${loss} vs rank-2 optimum ${optimum}`);
  });

  it('normal crossing (1, 2): the product w₁w₂² goes to ≈ 0 and the loss to the noise floor', async () => {
    const seed = 0;
    const { data } = regressionProblem(normalCrossingFamily, normalCrossingFamily.defaults, seed);
    const run = await normalCrossingPreset.train({ seed, steps: 2000 });
    const [w1, w2] = run.params.w.data;
    let sxy = 0, sxx = 0, syy = 0;
    for (let r = 0; r < data.rows; r++) {
      sxy += data.x[r] * data.y[r];
      sxx += data.x[r] ** 2;
      syy += data.y[r] ** 2;
    }
    // The best product is c = Σxy/Σx², noise-sized; the singular set c = 0 (the truth, f ≡ 0) costs mean(y²).
    // Adam may stop on either (on c = 0 both gradients vanish), so the loss lies between the two floors.
    const best = sxy / sxx;
    assert.ok(Math.abs(w1 * w2 * w2) <= Math.abs(best) + 1e-3, `w₁w₂² ${w1 * w2 * w2} vs ${best}`);
    const leastSquaresFloor = (syy - (sxy * sxy) / sxx) / data.rows;
    const truthLoss = syy / data.rows;
    const loss = run.records.at(-1)!.loss;
    assert.ok(loss >= leastSquaresFloor * (1 - 1e-5) && loss <= truthLoss * (1 + 1e-5), `loss ${loss} vs floors ${leastSquaresFloor}, ${truthLoss}`);
    assert.ok(Math.abs(truthLoss - 0.0625) < 0.01);
  });

  it('per-sample losses average to L_n; a zero power drops its factor', async () => {
    const model = normalCrossingModel([0, 3]);
    const data = normalCrossingData(new Rng(1), 50, 2, 0.25);
    const { loss, perSample } = await evaluateRegression(model, data, { w: { shape: [2], data: Float32Array.of(5, -0.5) } });
    perSample.forEach((l, r) => assert.ok(Math.abs(l - (-0.125 * data.x[r] - data.y[r]) ** 2) < 1e-5));
    assert.ok(Math.abs(loss - perSample.reduce((s, v) => s + v, 0) / 50) < 1e-6);
  });

  it('each preset states the theoretical λ of its optimum', () => {
    assert.equal(regressionProblem(linearRegressionFamily, linearRegressionFamily.defaults, 0).learningCoefficient, 2.5);
    assert.equal(regressionProblem(reducedRankFamily, reducedRankFamily.defaults, 0).learningCoefficient, 13.5);
    assert.equal(regressionProblem(normalCrossingFamily, normalCrossingFamily.defaults, 0).learningCoefficient, 0.25);
    assert.throws(() => regressionProblem(reducedRankFamily, { ...reducedRankFamily.defaults, rank: 4 }, 0), /rank must be at most/);
  });
});

for (const preset of regressionPresets) describePresetContract(preset, { steps: 200, checkpointEvery: 50, overrides: { recordEvery: 50 } });
