import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crossValidatedProbe } from '../../../../src/engine/diagnostics/probes/crossValidatedProbe';
import { fitLogistic, fitTruthProbe, stratifiedFolds } from '../../../../src/engine/diagnostics/probes/linearProbe';
import { probeRepresentation } from '../../../../src/engine/diagnostics/probes/probeReport';
import { normaliseRows } from '../../../../src/engine/diagnostics/probes/rowNormalisation';
import { writeNpy, writeSafetensors } from '../../../../src/engine/io';
import { Rng } from '../../../../src/engine/util/random';
import { saescope } from '../../support/cli';

/** Φ, the standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Two unit-covariance Gaussians in R^d whose means differ by `delta` along axis 1. */
function gaussianClasses(rows: number, d: number, delta: number, seed: number): { x: Float64Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: rows }, (_, i) => i % 2);
  const x = Float64Array.from({ length: rows * d }, (_, k) => rng.normal() + (k % d === 1 && labels[Math.floor(k / d)] ? delta : 0) + 3);
  return { x, labels };
}

/**
 * Spec §4.2's mechanism: every row is a shared vector p plus noise whose size depends on the class. Raw class
 * means are equal (no linear probe can see the class); after normalisation p's share of the row is larger in
 * the low-noise class, so one coordinate separates them.
 */
function normSeparatedClasses(rows: number, d: number, seed: number): { x: Float64Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: rows }, (_, i) => i % 2);
  const x = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const sigma = labels[r] ? 0.3 : 1;
    x[r * d] = 1;
    for (let k = 1; k < d; k++) x[r * d + k] = sigma * rng.normal();
  }
  return { x, labels };
}

describe('probes: logistic regression and mean difference', () => {
  it('stratified folds put the i-th row of each class in fold i mod k', () => {
    assert.deepEqual(stratifiedFolds([1, 1, 0, 1, 0, 0, 1], 2), [[0, 2, 3, 5], [1, 4, 6]]);
    assert.deepEqual(stratifiedFolds([1, 0, 1, 0, 1, 0], 3), [[0, 1], [2, 3], [4, 5]]);
  });

  it('held-out AUC of both probes matches Φ(Δ/√2), and accuracy Φ(Δ/2), for two Gaussians at Mahalanobis distance Δ', () => {
    const { x, labels } = gaussianClasses(8000, 5, 1, 1);
    const cv = crossValidatedProbe(x, labels, 5, 2);
    const auc = normalCdf(1 / Math.SQRT2);
    const accuracy = normalCdf(0.5);
    for (const [name, probe] of Object.entries({ logistic: cv.logistic, meanDifference: cv.meanDifference })) {
      assert.ok(Math.abs(probe.auc.mean - auc) < 0.02, `${name} AUC ${probe.auc.mean} vs ${auc}`);
      assert.ok(Math.abs(probe.accuracy.mean - accuracy) < 0.02, `${name} accuracy ${probe.accuracy.mean} vs ${accuracy}`);
    }
    assert.equal(cv.perFold.length, 2);
    // fitTruthProbe is fold 1 of the 2-fold split: trained on fold 0.
    assert.equal(fitTruthProbe(x, labels, 5).auc, cv.perFold[1].logisticAuc);
  });

  it('for wide features the Newton step by conjugate gradients reaches the dense Newton solution', () => {
    const rng = new Rng(3);
    const [n, p] = [300, 41];
    const x = Float64Array.from({ length: n * p }, (_, k) => (k % p === p - 1 ? 1 : rng.normal()));
    const y = Array.from({ length: n }, (_, r) => (x[r * p] + 0.5 * x[r * p + 1] + rng.normal() > 0 ? 1 : 0));
    const dense = fitLogistic(x, y, p, 1 / n, 'dense');
    const cg = fitLogistic(x, y, p, 1 / n, 'cg');
    dense.forEach((w, a) => assert.ok(Math.abs(cg[a] - w) < 1e-6 * (1 + Math.abs(w)), `weight ${a}: ${cg[a]} vs ${w}`));
    // The optimum: the gradient of mean log-loss + (λ/2)‖w‖² (intercept unpenalised) vanishes.
    const gradient = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      let z = 0;
      for (let a = 0; a < p; a++) z += x[r * p + a] * dense[a];
      const q = 1 / (1 + Math.exp(-z));
      for (let a = 0; a < p; a++) gradient[a] += ((q - y[r]) * x[r * p + a]) / n;
    }
    gradient.forEach((g, a) => assert.ok(Math.abs(g + (a === p - 1 ? 1e-10 : 1 / n) * dense[a]) < 1e-9, `gradient ${a}: ${g}`));
  });

  it('row normalisation: LayerNorm rows have mean 0 and variance ≈ 1, RMS rows mean square ≈ 1', () => {
    const x = Float64Array.of(1, 2, 3, 4, -2, 0, 2, 8);
    const ln = normaliseRows(x, 4, 'layernorm');
    const rms = normaliseRows(x, 4, 'rms');
    for (let r = 0; r < 2; r++) {
      const row = ln.subarray(4 * r, 4 * r + 4);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0)) < 1e-12);
      assert.ok(Math.abs(row.reduce((a, b) => a + b * b, 0) / 4 - 1) < 1e-4);
      assert.ok(Math.abs(rms.subarray(4 * r, 4 * r + 4).reduce((a, b) => a + b * b, 0) / 4 - 1) < 1e-4);
    }
    assert.ok(Math.abs(rms[0] / rms[1] - 0.5) < 1e-12, 'RMS keeps ratios within a row');
  });

  it('classes that differ only in their norm are invisible to raw probes and separated after normalisation', () => {
    const { x, labels } = normSeparatedClasses(4000, 12, 5);
    for (const normalisation of ['layernorm', 'rms'] as const) {
      const r = probeRepresentation(x, 4000, 12, labels, { normalisation });
      assert.ok(r.raw.logistic.auc.mean < 0.6 && r.raw.meanDifference.auc.mean < 0.6, `${normalisation}: raw ${r.raw.logistic.auc.mean}, ${r.raw.meanDifference.auc.mean}`);
      assert.ok(r.normalised.logistic.auc.mean > 0.95 && r.normalised.logistic.accuracy.mean > 0.85, `${normalisation}: normalised ${JSON.stringify(r.normalised.logistic)}`);
    }
  });
});

describe('probes: saescope probe on files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saescope-probe-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('probes a .npy with .npy labels and a named tensor of a .safetensors, raw and normalised, per fold', async () => {
    const { x, labels } = normSeparatedClasses(1200, 8, 9);
    const acts = join(dir, 'acts.npy');
    const labelFile = join(dir, 'labels.npy');
    await writeNpy(acts, { dtype: 'F32', shape: [1200, 8], data: Float32Array.from(x) });
    await writeNpy(labelFile, { dtype: 'I64', shape: [1200], data: BigInt64Array.from(labels, (v) => BigInt(v)) });
    const { code, stdout, stderr } = await saescope('probe', acts, '--labels', labelFile, '--folds', '3', '--json');
    assert.equal(code, 0, stderr);
    const r = JSON.parse(stdout);
    assert.deepEqual([r.rows, r.d, r.positives, r.folds, r.layer, r.raw.perFold.length], [1200, 8, 600, 3, null, 3]);
    assert.ok(r.raw.logistic.auc.mean < 0.65 && r.normalised.logistic.auc.mean > 0.95, `raw ${r.raw.logistic.auc.mean}, normalised ${r.normalised.logistic.auc.mean}`);
    const layers = join(dir, 'layers.safetensors');
    await writeSafetensors(layers, { 'blocks.0': { dtype: 'F32', shape: [1200, 8], data: Float32Array.from(x) }, 'blocks.1': { dtype: 'F32', shape: [1200, 2], data: new Float32Array(2400) } });
    const text = await saescope('probe', layers, '--layer', 'blocks.0', '--labels', labelFile);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /layers\.safetensors \[blocks\.0\]: 1200 rows × 8, 600 positive/);
    assert.match(text.stdout, /^normalised +logistic AUC (0\.9[5-9]\d|1\.000)/m);
  });

  it('bad inputs are errors naming the file and the problem', async () => {
    const acts = join(dir, 'small.npy');
    await writeNpy(acts, { dtype: 'F32', shape: [4, 2], data: Float32Array.of(1, 2, 3, 4, 5, NaN, 7, 8) });
    const clean = join(dir, 'clean.npy');
    await writeNpy(clean, { dtype: 'F32', shape: [4, 2], data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8) });
    const three = join(dir, 'three.txt');
    await writeFile(three, '0\n1\n0\n');
    const nonBinary = join(dir, 'nonbinary.json');
    await writeFile(nonBinary, '[0, 1, 2, 1]');
    const oneClass = join(dir, 'oneclass.txt');
    await writeFile(oneClass, '1 1 1 0');
    const four = join(dir, 'four.txt');
    await writeFile(four, 'true\nfalse\ntrue\nfalse\n');
    const layers = join(dir, 'two.safetensors');
    await writeSafetensors(layers, { a: { dtype: 'F32', shape: [4, 1], data: new Float32Array(4) }, b: { dtype: 'F32', shape: [4, 1], data: new Float32Array(4) } });
    const cases: [string[], RegExp][] = [
      [[acts, '--labels', four], /small\.npy: row 2, column 1 is NaN; activations must be finite/],
      [[clean, '--labels', three], /three\.txt: 3 labels for 4 activation rows in .*clean\.npy/],
      [[clean, '--labels', nonBinary], /nonbinary\.json: label 2 is 2; labels must be 0 or 1/],
      [[clean, '--labels', oneClass], /oneclass\.txt: 3 positive and 1 negative labels; each class needs at least 2 rows for 2 folds/],
      [[layers, '--labels', four], /two\.safetensors: holds 2 tensors; choose one with --layer: a, b/],
      [[layers, '--layer', 'c', '--labels', four], /two\.safetensors: no tensor 'c'; tensors: a, b/],
      [[clean], /--labels <file> is required/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await saescope('probe', ...args);
      assert.equal(code, 1, args.join(' '));
      assert.match(stderr, message);
    }
    const ok = await saescope('probe', clean, '--labels', four, '--json');
    assert.equal(ok.code, 0, ok.stderr);
  });
});
