import assert from 'node:assert/strict';
import { SgldDraw, SgldSampler, batchSeed, initBatchSeed, runSgldChains } from '../../../../src/engine/diagnostics/slt/chains';
import { estimateLlc } from '../../../../src/engine/diagnostics/slt/llc';
import { defaultNbeta } from '../../../../src/engine/diagnostics/slt/nbeta';
import { regressionSampling } from '../../../../src/engine/diagnostics/slt/regressionSampling';
import { MinibatchStream } from '../../../../src/engine/diagnostics/slt/sgldData';
import { linearRegressionData } from '../../../../src/engine/toys/models/regression/regressionData';
import { linearRegressionModel } from '../../../../src/engine/toys/models/regression/regressionModels';
import { Rng } from '../../../../src/engine/util/random';

// A small linear regression whose losses and gradients are recomputed here in float64.
const d = 3;
const n = 64;
const data = linearRegressionData(new Rng(3), n, d, 0.5);
const start = Float32Array.of(0.3, -0.2, 0.5);
const problem = (at: Float32Array = start) => regressionSampling(linearRegressionModel(d), data, { w: at });

const residual = (w: ArrayLike<number>, r: number) => data.x[r * d] * w[0] + data.x[r * d + 1] * w[1] + data.x[r * d + 2] * w[2] - data.y[r];
const lossOn = (w: ArrayLike<number>, rows: readonly number[]) => rows.reduce((s, r) => s + residual(w, r) ** 2, 0) / rows.length;
const gradOn = (w: ArrayLike<number>, rows: readonly number[]) => {
  const g = [0, 0, 0];
  for (const r of rows) for (let i = 0; i < d; i++) g[i] += (2 * data.x[r * d + i] * residual(w, r)) / rows.length;
  return g;
};
const allRows = Array.from({ length: n }, (_, i) => i);
const near = (a: number, b: number, tol = 2e-5) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

/** The least-squares w (normal equations, Gaussian elimination in float64). */
function leastSquares(): Float32Array {
  const m = Array.from({ length: d }, (_, i) => Array.from({ length: d + 1 }, (_, j) => allRows.reduce((s, r) => s + data.x[r * d + i] * (j < d ? data.x[r * d + j] : data.y[r]), 0)));
  for (let i = 0; i < d; i++) for (let k = i + 1; k < d; k++) {
    const f = m[k][i] / m[i][i];
    for (let j = i; j <= d; j++) m[k][j] -= f * m[i][j];
  }
  const w = new Array<number>(d).fill(0);
  for (let i = d - 1; i >= 0; i--) w[i] = (m[i][d] - m[i].slice(i + 1, d).reduce((s, v, j) => s + v * w[i + 1 + j], 0)) / m[i][i];
  return Float32Array.from(w);
}

function batchesOf(seed: number, batch: number, count: number): number[][] {
  const stream = new MinibatchStream(n, batch, seed);
  const buf = new BigInt64Array(batch);
  return Array.from({ length: count }, () => {
    stream.next(buf);
    return Array.from(buf, Number);
  });
}

describe('SGLD chains (devinterp semantics)', () => {
  it('records the loss at the pre-step weights: draws follow the drift path step by step (σ = 0)', async () => {
    const epsilon = 1e-3, nbeta = 20, gamma = 2;
    const burnIn = 2, between = 3, draws = 3;
    const draws_: SgldDraw[] = [];
    // 4 steps per run: 11 steps take 3 runs, the last one partly discarded.
    const result = await runSgldChains({ ...problem(), chains: 1, batch: n, nbeta, localization: gamma, noiseLevel: 0, stepsPerRun: 4, epsilon, burnIn, draws, stepsBetweenDraws: between, onDraw: (x) => draws_.push(x) });
    let w = Array.from(start, Number);
    const expected: number[] = [];
    for (let step = 0; step < burnIn + draws * between; step++) {
      if (step >= burnIn && (step - burnIn) % between === 0) expected.push(lossOn(w, allRows));
      const g = gradOn(w, allRows);
      w = w.map((wi, i) => wi - (epsilon / 2) * (nbeta * g[i] + gamma * (wi - start[i])));
    }
    assert.equal(result.steps, 11);
    assert.equal(result.losses[0].length, draws);
    result.losses[0].forEach((l, k) => near(l, expected[k]));
    assert.deepEqual(draws_.map((x) => x.step), [2, 5, 8]);
    assert.deepEqual(draws_.map((x) => x.draw), [0, 1, 2]);
  });

  it('draws a fresh minibatch for every step from each chain’s own seeded order', async () => {
    const epsilon = 1e-3, nbeta = 10, batch = 16, seed = 5;
    const result = await runSgldChains({ ...problem(), chains: 2, batch, nbeta, localization: 0, noiseLevel: 0, stepsPerRun: 3, epsilon, burnIn: 0, draws: 7, seed });
    for (let c = 0; c < 2; c++) {
      const batches = batchesOf(batchSeed(seed, c), batch, 7);
      let w = Array.from(start, Number);
      batches.forEach((rows, step) => {
        near(result.losses[c][step], lossOn(w, rows));
        const g = gradOn(w, rows);
        w = w.map((wi, i) => wi - (epsilon / 2) * nbeta * g[i]);
      });
    }
    // Four batches of 16 make one pass: rows of the first pass are each row once; the fifth batch starts a new order.
    const firstPass = batchesOf(batchSeed(seed, 0), batch, 4).flat().sort((a, b) => a - b);
    assert.deepEqual(firstPass, allRows);
    assert.notDeepEqual(Array.from(result.losses[0]), Array.from(result.losses[1]));
  });

  it('is deterministic under its seed and changes with it; the noise has the variance ε σ² of the formula', async () => {
    const run = (seed: number) => runSgldChains({ ...problem(), chains: 2, batch: 16, epsilon: 1e-4, burnIn: 10, draws: 50, seed });
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    assert.deepEqual(a.losses.map((l) => Array.from(l)), b.losses.map((l) => Array.from(l)));
    assert.notDeepEqual(a.losses.map((l) => Array.from(l)), c.losses.map((l) => Array.from(l)));

    // With nβ → 0 and γ = 0, one step moves w by √ε·ξ: A = XᵀX/n is half the Hessian of the mean squared error.
    const epsilon = 1e-4;
    // At the least-squares w the gradient vanishes, so the increase is ε·ξᵀAξ: mean ε·tr(A), sd ε·√(2 tr A²).
    const sampler = await SgldSampler.create({ ...problem(leastSquares()), chains: 64, batch: n, nbeta: 1e-9, localization: 0, stepsPerRun: 2 });
    try {
      let trA = 0;
      for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) trA += data.x[r * d + i] ** 2 / n;
      const increases: number[] = [];
      for (let s = 0; s < 8; s++) {
        const { losses } = await sampler.run({ epsilon, burnIn: 0, draws: 2, seed: s });
        for (const l of losses) increases.push(l[1] - l[0]);
      }
      const mean = increases.reduce((x, y) => x + y, 0) / increases.length;
      assert.ok(Math.abs(mean / (epsilon * trA) - 1) < 0.15, `mean increase ${mean} vs ε·tr(A) = ${epsilon * trA}`);
    } finally {
      await sampler.release();
    }
  });

  it('hands every draw’s observed per-sample losses, at the draw’s weights, to onDraw', async () => {
    const observe = { rows: 5, columns: { x: { dtype: 'float32' as const, shape: [d], values: data.x.slice(0, 5 * d) }, y: { dtype: 'float32' as const, shape: [1], values: data.y.slice(0, 5) } } };
    const seen: SgldDraw[] = [];
    const epsilon = 2e-3, nbeta = 5;
    await runSgldChains({ ...problem(), observe, chains: 2, batch: n, nbeta, localization: 0, noiseLevel: 0, stepsPerRun: 4, epsilon, burnIn: 1, draws: 4, onDraw: (x) => seen.push(x) });
    assert.equal(seen.length, 8);
    let w = Array.from(start, Number);
    for (let step = 0; step < 5; step++) {
      if (step >= 1) {
        for (const x of seen.filter((s) => s.step === step)) {
          assert.equal(x.observed!.length, 5);
          x.observed!.forEach((l, r) => near(l, residual(w, r) ** 2));
          near(x.loss, lossOn(w, allRows));
        }
      }
      const g = gradOn(w, allRows);
      w = w.map((wi, i) => wi - (epsilon / 2) * nbeta * g[i]);
    }
    // Copies: a later draw does not overwrite an earlier one.
    assert.notDeepEqual(Array.from(seen[0].observed!), Array.from(seen[seen.length - 1].observed!));
  });

  it('keeps chains inside the bounding box, and runs RMSProp-preconditioned SGLD', async () => {
    const boxed = await runSgldChains({ ...problem(), chains: 2, batch: n, epsilon: 1e-2, boundingBox: 1e-4, burnIn: 0, draws: 20 });
    const l0 = lossOn(start, allRows);
    for (const l of boxed.losses) for (const v of l) near(v, l0, 1e-3);
    const rms = await runSgldChains({ ...problem(), chains: 2, batch: 16, epsilon: 1e-4, rmsprop: true, burnIn: 0, draws: 20 });
    assert.equal(rms.settings.rmsprop?.alpha, 0.99);
    assert.ok(rms.losses.every((l) => l.every(Number.isFinite)));
  });

  it('averages the initial loss over `chains` minibatches at w*', async () => {
    const batch = 8, chains = 3, seed = 4;
    const estimate = await estimateLlc({ ...problem(), chains, batch, epsilon: 1e-4, burnIn: 0, draws: 10, seed });
    const expected = batchesOf(initBatchSeed(seed), batch, chains).map((rows) => lossOn(start, rows));
    estimate.initBatchLosses.forEach((l, i) => near(l, expected[i]));
    near(estimate.initLoss, expected.reduce((a, b) => a + b, 0) / chains);
    assert.ok(new Set(expected).size === chains);
    near(estimate.fullLoss, lossOn(start, allRows));
    // λ̂_c = nβ·(mean draw loss − init loss) for every chain.
    estimate.losses.forEach((l, c) => near(estimate.llc.perChain[c]!, defaultNbeta(n) * (l.reduce((a, b) => a + b, 0) / l.length - estimate.initLoss), 1e-9));
  });

  it('nβ defaults to n/ln n; devinterp’s default_nbeta(loader) is the same formula at the batch size', () => {
    near(defaultNbeta(1000), 144.76482730108395, 1e-12);
    near(defaultNbeta(32), 32 / Math.log(32), 1e-12);
    assert.throws(() => defaultNbeta(1), /n > 1/);
  });

  it('flags divergence: NaN chains stop recording, and an estimate with every chain diverged is an error', async () => {
    const result = await runSgldChains({ ...problem(), chains: 2, batch: n, epsilon: 10, nbeta: 1e4, burnIn: 0, draws: 200 });
    assert.equal(result.divergences.length, 2);
    assert.ok(result.losses.every((l) => l.some(Number.isNaN)));
    await assert.rejects(estimateLlc({ ...problem(), chains: 2, batch: n, epsilon: 10, nbeta: 1e4, burnIn: 0, draws: 200 }), /diverged in every chain .* lower ε/);
  });

  it('refuses bad settings and data with a clear message', async () => {
    await assert.rejects(runSgldChains({ ...problem(), batch: n + 1 }), /batch must be an integer in \[1, 64\]|larger than the data set/);
    await assert.rejects(runSgldChains({ ...problem(), epsilon: -1, draws: 1 }), /epsilon must be a positive number/);
    const bad = { ...problem() };
    bad.data = { rows: n, columns: { ...bad.data.columns, x: { ...bad.data.columns.x, values: Float32Array.from(data.x).fill(NaN, 5, 6) } } };
    await assert.rejects(runSgldChains(bad), /column x has a non-finite value at row 1/);
  });
});
