import assert from 'node:assert/strict';
import { MetricsAccumulator, evaluateBatches, type ReconstructionStats } from '../../../../src/engine/sae/metrics';
import { Rng } from '../../../../src/engine/util/random';
import { assertClose, randomMatrix } from './helpers';

// Three rows, d_in = 2, d_sae = 3. x̄ = (1, 2).
// ‖x − x̂‖² per row: 1, 1, 4 (Σ 6).  ‖x − x̄‖²: 4, 1, 5 (Σ 10).  ‖x‖²: 1, 4, 20 (Σ 25).
const x = new Float32Array([1, 0, 0, 2, 2, 4]);
const xHat = new Float32Array([1, 1, 0, 1, 2, 2]);
const acts = new Float32Array([0, 2, -1, 0, 0, 3, 0, 0.5, 0]);

function oneShot(): ReconstructionStats {
  const accumulator = new MetricsAccumulator(2, 3);
  accumulator.addBatch(x, xHat, acts);
  return accumulator.stats();
}

describe('sae/metrics accumulator', () => {
  it('computes every metric of a hand-worked example', () => {
    const s = oneShot();
    assert.equal(s.rows, 3);
    assertClose(s.l0, 4 / 3, 1e-15, 'l0 counts the negative latent too');
    assertClose(s.l1, 6.5 / 3, 1e-15, 'l1');
    assertClose(s.mse, 6 / 3, 1e-15, 'mse, summed over d');
    assertClose(s.msePerElement, 6 / 6, 1e-15, 'mse per element');
    assertClose(s.explainedVariance, 1 - 6 / 10, 1e-15, 'centred');
    assertClose(s.explainedVarianceUncentred, 1 - 6 / 25, 1e-15, 'uncentred');
    assertClose(s.explainedVarianceLegacy, (1 - 1 / 4 + (1 - 1 / 1) + (1 - 4 / 5)) / 3, 1e-15, 'legacy');
    assert.equal(s.legacySkippedRows, 0);
    assertClose(s.normalizedMse, 6 / 10, 1e-15, 'normalised mse');
    assertClose(s.cossim, (1 / Math.SQRT2 + 1 + 12 / Math.sqrt(20 * 8)) / 3, 1e-15, 'cossim');
    assertClose(s.l2NormIn, (1 + 2 + Math.sqrt(20)) / 3, 1e-15, 'l2 norm in');
    assertClose(s.l2NormOut, (Math.SQRT2 + 1 + Math.sqrt(8)) / 3, 1e-15, 'l2 norm out');
    assertClose(s.l2Ratio, (Math.SQRT2 / 1 + 1 / 2 + Math.sqrt(8 / 20)) / 3, 1e-15, 'l2 ratio');
    assertClose(s.relativeReconstructionBias, (2 + 1 + 8) / (1 + 2 + 12), 1e-15, 'γ = Σ‖x̂‖² / Σ⟨x, x̂⟩');
    assert.deepEqual(s.fireCounts, new Float64Array([0, 2, 2]));
  });

  it('gives the three explained variances their formulas’ different values on one example', () => {
    const s = oneShot();
    // Centred and uncentred share the numerator and differ in the denominator's centre (x̄ vs 0);
    // legacy averages per-row ratios, so the row with ‖x − x̂‖² = ‖x − x̄‖² pulls it down to 0.95 / 3.
    assert.deepEqual(
      [s.explainedVariance, s.explainedVarianceUncentred, s.explainedVarianceLegacy].map((v) => Math.round(v * 1e6) / 1e6),
      [0.4, 0.76, 0.316667],
    );
  });

  it('gives 1 for a perfect reconstruction under every explained-variance form', () => {
    const accumulator = new MetricsAccumulator(2, 3);
    accumulator.addBatch(x, x, acts);
    const s = accumulator.stats();
    assert.deepEqual([s.explainedVariance, s.explainedVarianceUncentred, s.explainedVarianceLegacy, s.mse], [1, 1, 1, 0]);
  });

  it('gives centred explained variance 0 when x̂ is the mean of x', () => {
    const rows = 50;
    const d = 4;
    const data = randomMatrix(3, rows, d);
    const mean = new Float64Array(d);
    for (let b = 0; b < rows; b++) for (let k = 0; k < d; k++) mean[k] += data[b * d + k] / rows;
    const meanRows = new Float32Array(rows * d).map((_, index) => mean[index % d]);
    const accumulator = new MetricsAccumulator(d, 1);
    accumulator.addBatch(data, meanRows, new Float32Array(rows));
    // x̂ is the float32-rounded mean, so the residual exceeds the variance by a hair.
    assertClose(accumulator.stats().explainedVariance, 0, 1e-7, 'centred EV');
    assert.ok(accumulator.stats().explainedVarianceUncentred > 0, 'uncentred still credits the mean');
  });

  it('is exact over batches: any split gives the one-shot value, except legacy by its definition', () => {
    const rows = 100;
    const dIn = 6;
    const dSae = 9;
    const rng = new Rng(11);
    const data = randomMatrix(1, rows, dIn).map((v) => v + 3);
    const recon = data.map((v) => v + 0.3 * rng.normal());
    const latents = new Float32Array(rows * dSae).map(() => (rng.uniform() < 0.3 ? rng.uniform() : 0));
    const whole = evaluateBatches([{ x: data, xHat: recon, acts: latents }], dIn, dSae).stats();
    const splits = [7, 30, 1, 62];
    const batches = [];
    let start = 0;
    for (const size of splits) {
      batches.push({
        x: data.subarray(start * dIn, (start + size) * dIn),
        xHat: recon.subarray(start * dIn, (start + size) * dIn),
        acts: latents.subarray(start * dSae, (start + size) * dSae),
      });
      start += size;
    }
    const streamed = evaluateBatches(batches, dIn, dSae).stats();
    for (const key of Object.keys(whole) as (keyof ReconstructionStats)[]) {
      if (key === 'fireCounts' || key === 'explainedVarianceLegacy' || key === 'legacySkippedRows') continue;
      assertClose(streamed[key] as number, whole[key] as number, 1e-12, key);
    }
    assert.deepEqual(streamed.fireCounts, whole.fireCounts);
    assert.equal(streamed.legacySkippedRows, 1, 'the batch of one row has no spread about its own mean');
  });

  it('centres legacy explained variance on each batch’s own mean and leaves out rows equal to it', () => {
    const accumulator = new MetricsAccumulator(2, 3);
    accumulator.addBatch(x.subarray(0, 4), xHat.subarray(0, 4), acts.subarray(0, 6));
    accumulator.addBatch(x.subarray(4), xHat.subarray(4), acts.subarray(6));
    const s = accumulator.stats();
    // Batch 1 mean (0.5, 1): both rows have ‖x − x̄_B‖² = 1.25 and ‖x − x̂‖² = 1. Batch 2 is one row: left out.
    assertClose(s.explainedVarianceLegacy, 1 - 1 / 1.25, 1e-15, 'legacy');
    assert.equal(s.legacySkippedRows, 1);
    assertClose(s.explainedVariance, 0.4, 1e-15, 'centred is unchanged by the split');
  });

  it('keeps the centred variance accurate when x has a large mean', () => {
    const rows = 2000;
    const d = 8;
    const rng = new Rng(5);
    const data = new Float32Array(rows * d).map(() => 1e4 + rng.normal());
    const recon = data.map((v) => v + 0.5 * rng.normal());
    const accumulator = new MetricsAccumulator(d, 1);
    for (let start = 0; start < rows; start += 128) {
      const end = Math.min(rows, start + 128);
      accumulator.addBatch(data.subarray(start * d, end * d), recon.subarray(start * d, end * d), new Float32Array(end - start));
    }
    const mean = new Float64Array(d);
    for (let b = 0; b < rows; b++) for (let k = 0; k < d; k++) mean[k] += data[b * d + k];
    for (let k = 0; k < d; k++) mean[k] /= rows;
    let variance = 0;
    let error = 0;
    for (let b = 0; b < rows; b++) {
      for (let k = 0; k < d; k++) {
        variance += (data[b * d + k] - mean[k]) ** 2;
        error += (data[b * d + k] - recon[b * d + k]) ** 2;
      }
    }
    assertClose(accumulator.stats().explainedVariance, 1 - error / variance, 1e-10, 'two-pass float64 reference');
  });

  it('gives cosine 0 and divides the l2 ratio by 1 where x is zero', () => {
    const accumulator = new MetricsAccumulator(2, 1);
    accumulator.addBatch(new Float32Array([0, 0]), new Float32Array([3, 4]), new Float32Array([1]));
    const s = accumulator.stats();
    assert.equal(s.cossim, 0);
    assert.equal(s.l2Ratio, 5);
  });

  it('leaves explained variance undefined when x does not vary', () => {
    const accumulator = new MetricsAccumulator(2, 1);
    accumulator.addBatch(Float32Array.from([1, 2, 1, 2]), Float32Array.from([1, 2, 1, 2]), Float32Array.from([1, 0]));
    const s = accumulator.stats();
    assert.ok(Number.isNaN(s.explainedVariance) && Number.isNaN(s.normalizedMse));
    assert.equal(s.explainedVarianceUncentred, 1);
    assert.ok(Number.isNaN(s.explainedVarianceLegacy), 'every row equals its batch mean, so none is left to average');
    assert.equal(s.legacySkippedRows, 2);
  });

  it('rejects batches whose shapes disagree', () => {
    const accumulator = new MetricsAccumulator(2, 3);
    assert.throws(() => accumulator.addBatch(x, xHat.subarray(2), acts), RangeError);
    assert.throws(() => accumulator.addBatch(x, xHat, acts.subarray(3)), RangeError);
    assert.throws(() => accumulator.addBatch(x.subarray(1), xHat.subarray(1), acts), RangeError);
    assert.throws(() => new MetricsAccumulator(0, 3), RangeError);
  });

  it('ignores an empty batch', () => {
    const accumulator = new MetricsAccumulator(2, 3);
    accumulator.addBatch(x, xHat, acts);
    accumulator.addBatch(new Float32Array(0), new Float32Array(0), new Float32Array(0));
    assert.deepEqual(accumulator.stats(), oneShot());
  });
});
