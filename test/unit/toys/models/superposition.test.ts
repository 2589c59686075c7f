import assert from 'node:assert/strict';
import { fitPowerLaw } from '../../../../src/engine/diagnostics/scaling/powerLawFit';
import { Graph } from '../../../../src/engine/graph/graph';
import { Evaluator } from '../../../../src/engine/graph/runner';
import { warmupCosineLr } from '../../../../src/engine/toys/models/superposition/lrSchedule';
import { rowGeometry } from '../../../../src/engine/toys/models/superposition/rowGeometry';
import { SparseFeatureSampler } from '../../../../src/engine/toys/models/superposition/sparseFeatures';
import { powerLawFrequencies, unrepresentedFeatureLoss } from '../../../../src/engine/toys/models/superposition/superpositionData';
import { superpositionLosses } from '../../../../src/engine/toys/models/superposition/superpositionModel';
import { tmsPreset, trainTms } from '../../../../src/engine/toys/models/superposition/tmsPreset';
import type { ModelRecord } from '../../../../src/engine/toys/models/types';
import { Rng } from '../../../../src/engine/util/random';
import { describePresetContract } from './presetContract';

const powerLawExponent = (xs: readonly number[], ys: readonly number[]): number => fitPowerLaw(xs, ys).alpha;

const finalRecord = async (overrides: Record<string, number>, seed = 0): Promise<ModelRecord> => (await trainTms({ seed, overrides })).records.at(-1)!;

describe('superposition toy: data, geometry, schedule', () => {
  it('power-law frequencies sum to 1 with p_i/p_j = (j/i)^α; density 1 makes p_1 = 1', () => {
    const p = powerLawFrequencies(100, 1.5);
    assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-12);
    assert.ok(Math.abs(p[0] / p[3] - 4 ** 1.5) < 1e-9);
    const dense = powerLawFrequencies(100, 1.5, 1);
    assert.ok(Math.abs(dense[0] - 1) < 1e-12);
    assert.ok(Math.abs(dense[3] / dense[0] - p[3] / p[0]) < 1e-12);
  });

  it('the sparse sampler fires each feature at its rate with U(low, high) magnitudes, however the stream is cut', () => {
    const probabilities = [0.5, 0.1, 0.01, 0, 1];
    const rows = 40000, n = probabilities.length;
    const x = new SparseFeatureSampler(probabilities, 0, 2, new Rng(3)).fill(new Float32Array(rows * n));
    probabilities.forEach((p, i) => {
      let fired = 0, sum = 0;
      for (let r = 0; r < rows; r++) {
        const v = x[r * n + i];
        if (v !== 0) fired++;
        sum += v;
        assert.ok(v >= 0 && v < 2);
      }
      assert.ok(Math.abs(fired / rows - p) <= 4 * Math.sqrt((p * (1 - p)) / rows) + 1e-12, `feature ${i}: rate ${fired / rows} vs ${p}`);
      if (fired > 1000) assert.ok(Math.abs(sum / fired - 1) < 0.05, `feature ${i}: mean magnitude ${sum / fired}`);
    });
    const whole = new SparseFeatureSampler(probabilities, 0, 2, new Rng(9)).fill(new Float32Array(300 * n));
    const pieces = new SparseFeatureSampler(probabilities, 0, 2, new Rng(9));
    const parts = [100, 1, 199].map((r) => Array.from(pieces.fill(new Float32Array(r * n))));
    assert.deepEqual(parts.flat(), Array.from(whole));
  });

  it('row geometry: represented rows (‖W_i‖ > 1/2, not ‖W_i‖²), their mean squared cosine overlap, mean norm', () => {
    // Row 2 has norm 0.6 (norm² 0.36): represented under the norm reading the spec leaves open.
    const w = { shape: [4, 2], data: Float32Array.of(1, 0, 0, 1, 0.36, 0.48, 0.1, 0) };
    const geo = rowGeometry(w);
    assert.deepEqual(geo.represented, [true, true, true, false]);
    assert.equal(geo.fractionRepresented, 0.75);
    // Pairs among rows 0–2: cosines 0, 0.6, 0.8 → mean of squares (0 + 0.36 + 0.64)/3.
    assert.ok(Math.abs(geo.meanSquaredOverlap - 1 / 3) < 1e-6);
    assert.ok(Math.abs(geo.meanNorm - 2.7 / 4) < 1e-6);
    assert.ok(Number.isNaN(rowGeometry(w, 2).meanSquaredOverlap));
  });

  it('unrepresented features cost their full second moment ⟨v²⟩ = 4/3, averaged over the n outputs', () => {
    assert.ok(Math.abs(unrepresentedFeatureLoss([0.5, 0.3, 0.2], [true, false, false]) - ((4 / 3) * 0.5) / 3) < 1e-12);
  });

  it('warm-up then cosine to the final fraction (steps from 1)', () => {
    const s = { peak: 0.01, warmup: 100, total: 1100, finalFraction: 0.05 };
    assert.ok(Math.abs(warmupCosineLr(50, s) - 0.005) < 1e-15);
    assert.equal(warmupCosineLr(100, s), 0.01);
    assert.ok(Math.abs(warmupCosineLr(600, s) - (0.01 + 0.0005) / 2) < 1e-15);
    assert.ok(Math.abs(warmupCosineLr(1100, s) - 0.0005) < 1e-15);
  });

  it('the graph computes y = ReLU(W Wᵀx + b) with W [n, m] and the mean squared error', async () => {
    const [rows, n, m] = [3, 5, 2];
    const rng = new Rng(4);
    const [x, w, b] = [rng.fillNormal(new Float32Array(rows * n)), rng.fillNormal(new Float32Array(n * m)), rng.fillNormal(new Float32Array(n))];
    const g = new Graph('tms_forward');
    const losses = superpositionLosses(g.input('x', 'float32', [rows, n]), g.input('W', 'float32', [n, m]), g.input('b', 'float32', [n]));
    g.output('y', losses.output);
    g.output('loss', losses.loss);
    const out = await (await Evaluator.create(g, { threads: 1 })).run({ x, W: w, b });
    let sse = 0;
    for (let r = 0; r < rows; r++) {
      const h = [0, 1].map((k) => Array.from({ length: n }, (_, i) => x[r * n + i] * w[i * m + k]).reduce((s, v) => s + v));
      for (let i = 0; i < n; i++) {
        const y = Math.max(0, h[0] * w[i * m] + h[1] * w[i * m + 1] + b[i]);
        assert.ok(Math.abs(Number(out.y[r * n + i]) - y) < 1e-5);
        sse += (y - x[r * n + i]) ** 2;
      }
    }
    assert.ok(Math.abs(Number(out.loss[0]) - sse / (rows * n)) < 1e-5);
  });
});

describe('superposition toy: training reproduces the paper (dynamics-methods §6 targets 11 and 13)', () => {
  it('strong regime (γ = −1): far more features represented than dimensions, loss ∝ m^−α_m with α_m ∈ [0.7, 1.3]', async () => {
    const ms = [4, 6, 8, 12, 16];
    const records = [];
    for (const hidden of ms) records.push(await finalRecord({ hidden }));
    records.forEach((r, i) => {
      assert.ok(r.fractionRepresented * 128 > 4 * ms[i], `m ${ms[i]}: φ ${r.fractionRepresented}`);
      if (ms[i] >= 12) assert.ok(r.fractionRepresented >= 0.9, `m ${ms[i]}: φ ${r.fractionRepresented}`);
    });
    for (let i = 1; i < ms.length; i++) assert.ok(records[i].loss < records[i - 1].loss, `loss at m ${ms[i]} not below m ${ms[i - 1]}`);
    const alpha = powerLawExponent(ms, records.map((r) => r.loss));
    assert.ok(alpha >= 0.7 && alpha <= 1.3, `α_m ${alpha}`);
    // Represented directions overlap about as much as random ones in R^m (1/m), not less (no room for that).
    const last = records.at(-1)!;
    assert.ok(last.overlapTimesHidden >= 0.7 && last.overlapTimesHidden <= 2, `overlap·m ${last.overlapTimesHidden}`);
    // The held-out loss estimates what the training loss on fresh batches measures.
    records.forEach((r) => assert.ok(Math.abs(r.loss / r.batchLoss - 1) < 0.25, `held-out ${r.loss} vs batches ${r.batchLoss}`));
  });

  it('weak regime (γ = +1): about m features represented, and the loss is what the unrepresented ones cost', async () => {
    const weak = await finalRecord({ hidden: 8, weightDecay: 1 });
    const strong = await finalRecord({ hidden: 8, weightDecay: -1 });
    assert.ok(weak.fractionRepresented * 128 <= 2 * 8, `φ ${weak.fractionRepresented}`);
    assert.ok(Math.abs(weak.loss / weak.unrepresentedLoss - 1) <= 0.25, `loss ${weak.loss} vs unrepresented ${weak.unrepresentedLoss}`);
    assert.ok(strong.loss < weak.loss);
  });
});

describe('superposition toy: runs', () => {
  it('training does not depend on how steps are grouped into ORT runs', async () => {
    const overrides = { features: 32, hidden: 4, batch: 64, warmup: 10, recordEvery: 60, testSamples: 256 };
    const looped = await trainTms({ seed: 2, steps: 60, overrides });
    const shorter = await trainTms({ seed: 2, steps: 60, overrides, checkpointEvery: 3 }); // runs of 3 steps, no outDir
    assert.deepEqual(looped.params, shorter.params);
  });
});

describePresetContract(tmsPreset, { steps: 200, checkpointEvery: 50, overrides: { features: 32, hidden: 4, batch: 64, warmup: 20, recordEvery: 50, testSamples: 512 } });
