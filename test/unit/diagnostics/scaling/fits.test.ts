import assert from 'node:assert/strict';
import { boundedLeastSquares } from '../../../../src/engine/diagnostics/scaling/boundedLeastSquares';
import { dynamicTime, dynamicTimeFromRecords } from '../../../../src/engine/diagnostics/scaling/dynamicTime';
import { fitPowerLawWithFloor } from '../../../../src/engine/diagnostics/scaling/floorFit';
import { fitTimeCurve } from '../../../../src/engine/diagnostics/scaling/fitTime';
import { localSlopes } from '../../../../src/engine/diagnostics/scaling/localSlope';
import { logBinned } from '../../../../src/engine/diagnostics/scaling/logBins';
import { fitLossVsTime } from '../../../../src/engine/diagnostics/scaling/lossVsTime';
import { parseLrSchedule } from '../../../../src/engine/diagnostics/scaling/lrSchedule';
import { fitPowerLaw } from '../../../../src/engine/diagnostics/scaling/powerLawFit';
import { Rng } from '../../../../src/engine/util/random';

const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);
const logGrid = (from: number, decades: number, perDecade: number) => Array.from({ length: decades * perDecade + 1 }, (_, i) => from * 10 ** (i / perDecade));
const std = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1));
};

describe('scaling: pure power law, log bins, local slopes', () => {
  it('recovers the exponent and prefactor of an exact power law, with zero uncertainty', () => {
    const t = logGrid(10, 3, 25);
    const fit = fitPowerLaw(t, t.map((x) => 7 * x ** -0.37));
    close(fit.alpha, 0.37, 1e-12, 'α');
    close(fit.prefactor, 7, 1e-9, 'prefactor');
    close(fit.rSquared, 1, 1e-12, 'R²');
    assert.ok(fit.alphaStdError < 1e-9);
    assert.throws(() => fitPowerLaw([1, 2], [1, 0]), /positive/);
  });

  it('the OLS standard error of α matches the spread of α over noisy replicates', () => {
    const rng = new Rng(1);
    const t = logGrid(100, 2, 25);
    const fits = Array.from({ length: 400 }, () => fitPowerLaw(t, t.map((x) => 3 * x ** -0.5 * Math.exp(0.05 * rng.normal()))));
    const spread = std(fits.map((f) => f.alpha));
    const reported = fits.reduce((a, f) => a + f.alphaStdError, 0) / fits.length;
    // The exact OLS standard error for σ = 0.05 over these 51 log-spaced points.
    const lx = t.map(Math.log);
    const mx = lx.reduce((a, b) => a + b) / lx.length;
    const exact = 0.05 / Math.sqrt(lx.reduce((a, x) => a + (x - mx) ** 2, 0));
    close(reported, exact, 0.05 * exact, 'mean reported SE');
    close(spread, exact, 0.12 * exact, 'replicate spread');
  });

  it('log bins average a dense curve to the grid and leave sparse points as they are', () => {
    const steps = Array.from({ length: 10000 }, (_, i) => i + 1);
    const dense = logBinned(steps, steps.map((s) => s ** -0.5), 25);
    // From 100 on every bin holds several steps: one point per grid point 10^(k/25), k = 50 … 100.
    assert.equal(dense.x.filter((x) => x > 95).length, 51);
    assert.ok(dense.x.length < 101, 'bins below 10 holding no whole step are left out');
    // The geometric mean of a power law is the power law at the geometric mean: still exact.
    dense.x.forEach((x, i) => close(dense.y[i], x ** -0.5, 1e-12, `bin ${i}`));
    const sparse = logBinned([0, 10, 100, 1000], [5, 4, 3, 2], 25);
    assert.deepEqual(sparse.x.map((x) => Math.round(x)), [10, 100, 1000]);
    assert.deepEqual(sparse.y.map((y) => Math.round(y)), [4, 3, 2]);
  });

  it('local slopes equal α on a pure power law and follow α·c t^−α/(c t^−α + L0) with a floor', () => {
    const t = logGrid(10, 3, 25);
    localSlopes(t, t.map((x) => 2 * x ** -0.6)).forEach((s) => close(s.alpha, 0.6, 1e-9, `α_loc at ${s.x}`));
    const floored = localSlopes(t, t.map((x) => 2 * x ** -0.6 + 0.01));
    for (const s of floored) {
      const exact = (0.6 * 2 * s.x ** -0.6) / (2 * s.x ** -0.6 + 0.01);
      close(s.alpha, exact, 2e-3, `α_loc at ${s.x}`);
    }
  });
});

describe('scaling: bounded least squares and the power law with a floor', () => {
  it('bounded LM: a line fit whose slope is capped ends on the cap with the closed-form intercept', () => {
    const x = [0, 1, 2, 3, 4];
    const y = [1, 3.1, 4.9, 7.2, 9];
    const problem = {
      lower: [-Infinity, -Infinity],
      upper: [Infinity, 1.5],
      residuals: (p: Float64Array) => Float64Array.from(x, (xi, i) => p[0] + p[1] * xi - y[i]),
      jacobian: () => Float64Array.from(x.flatMap((xi) => [1, xi])),
    };
    const fit = boundedLeastSquares(problem, [0, 0]);
    assert.equal(fit.params[1], 1.5);
    close(fit.params[0], y.reduce((a, b) => a + b) / 5 - 1.5 * 2, 1e-10, 'intercept');
    assert.deepEqual(fit.atBound, [null, 'upper']);
    // Without the cap it is ordinary least squares.
    const free = boundedLeastSquares({ ...problem, upper: [Infinity, Infinity] }, [0, 0]);
    close(free.params[1], 2.01, 1e-10, 'OLS slope');
  });

  it('recovers c, α and L0 of an exact curve', () => {
    const t = logGrid(10, 4, 10);
    const fit = fitPowerLawWithFloor(t, t.map((x) => 4 * x ** -0.45 + 0.03));
    close(fit.c, 4, 1e-6, 'c');
    close(fit.alpha, 0.45, 1e-7, 'α');
    close(fit.l0, 0.03, 1e-8, 'L0');
    assert.ok(fit.rmsLogResidual < 1e-9 && fit.converged);
  });

  it('a curve without a floor puts L0 on its lower bound and α where the pure law has it', () => {
    const t = logGrid(10, 3, 10);
    const fit = fitPowerLawWithFloor(t, t.map((x) => 2 * x ** -0.3));
    assert.ok(fit.l0 < 1e-9, `L0 ${fit.l0}`);
    assert.ok(fit.atBound.includes('l0 at its lower bound'), fit.atBound.join());
    close(fit.alpha, 0.3, 1e-6, 'α');
  });

  it('with multiplicative noise the fit is unbiased and √cov[α] matches the spread over replicates', () => {
    const rng = new Rng(7);
    const t = logGrid(10, 3, 20);
    const fits = Array.from({ length: 200 }, () => fitPowerLawWithFloor(t, t.map((x) => (3 * x ** -0.4 + 0.05) * Math.exp(0.02 * rng.normal()))));
    const alphas = fits.map((f) => f.alpha);
    const mean = alphas.reduce((a, b) => a + b) / alphas.length;
    const spread = std(alphas);
    const reported = fits.reduce((a, f) => a + f.alphaStdError, 0) / fits.length;
    close(mean, 0.4, 3 * spread / Math.sqrt(fits.length) + 1e-3, 'mean α');
    assert.ok(Math.abs(reported / spread - 1) < 0.2, `reported SE ${reported} vs spread ${spread}`);
    const l0 = fits.map((f) => f.l0);
    close(l0.reduce((a, b) => a + b) / l0.length, 0.05, 0.002, 'mean L0');
  });
});

describe('scaling: dynamic time', () => {
  it('τ sums the schedule: constant lr gives lr·t, a linear warm-up gives peak·(t + 1)/2 at its end', () => {
    assert.deepEqual(dynamicTime([1, 10, 100], () => 0.5), [0.5, 5, 50]);
    const schedule = parseLrSchedule('cosine:100,1000,0.1', 2);
    close(dynamicTime([100], schedule)[0], (2 * 101) / 2, 1e-12, 'τ at the end of warm-up');
    close(schedule(1000), 0.2, 1e-15, 'final lr');
    // The cosine part is symmetric about its midpoint, so its mean is (peak + final)/2.
    const [atWarmup, atEnd] = dynamicTime([100, 1000], schedule);
    close((atEnd - atWarmup) / 900, 1.1, 2e-3, 'mean lr after warm-up');
    assert.throws(() => parseLrSchedule('linear:3'), /constant' or 'cosine/);
  });

  it('τ from recorded lr equals the step sum for a schedule linear between records', () => {
    const lr = (s: number) => 1 - s / 200;
    const steps = [10, 50, 100, 150];
    const exact = dynamicTime(steps, lr);
    const fromRecords = dynamicTimeFromRecords(steps, steps.map(lr));
    // Before the first record the lr is taken as constant, so compare increments from there.
    fromRecords.forEach((tau, i) => close(tau - fromRecords[0], exact[i] - exact[0], 1e-9, `τ at ${steps[i]}`));
    assert.deepEqual(dynamicTimeFromRecords([5, 10], [0.1, 0.1]).map((v) => +v.toFixed(12)), [0.5, 1]);
  });

  it('a loss falling as τ^(−1/3) under a cosine schedule fits 1/3 in dynamic time, and not in steps', () => {
    const schedule = 'cosine:50,20000,0.1';
    const steps = Array.from({ length: 20000 }, (_, i) => i + 1);
    const tau = dynamicTime(steps, parseLrSchedule(schedule));
    const curve = { source: 'synthetic', t: steps, loss: tau.map((x) => x ** (-1 / 3)) };
    const dynamic = fitTimeCurve(curve, { time: 'dynamic', schedule });
    close(dynamic.powerLaw.alpha, 1 / 3, 1e-6, 'α in τ');
    const inSteps = fitTimeCurve(curve);
    assert.ok(inSteps.powerLaw.alpha < 0.3, `α in steps ${inSteps.powerLaw.alpha}: the decaying schedule slows the loss per step`);
    assert.throws(() => fitTimeCurve(curve, { time: 'dynamic' }), /synthetic: dynamic time needs a schedule/);
  });

  it('fitLossVsTime: the default window is the last decade; a floor window with fewer than 4 points skips the floored fit', () => {
    const t = logGrid(1, 3, 25);
    const fit = fitLossVsTime(t, t.map((x) => x ** -0.5), { floorWindow: { from: 900 } });
    close(fit.powerLaw.from, 100, 1e-9, 'window start');
    assert.equal(fit.powerLaw.points, 26);
    assert.equal(fit.powerLawWithFloor, null);
    assert.throws(() => fitLossVsTime(t, t, { window: { from: 5000 } }), /holds 0 binned point/);
  });
});
