import assert from 'node:assert/strict';
import { fitPowerLaw } from '../../../../src/engine/diagnostics/scaling/powerLawFit';
import { Graph } from '../../../../src/engine/graph/graph';
import { Evaluator } from '../../../../src/engine/graph/runner';
import { peakedSoftmaxKl } from '../../../../src/engine/toys/models/peakedSoftmaxGraph';
import { PEAKED_SOFTMAX_ADAM_DEFAULTS, peakedSoftmaxPresets } from '../../../../src/engine/toys/models/peakedSoftmaxPreset';
import { centredAlignment } from '../../../../src/engine/toys/models/peakedSoftmaxTeacher';
import { alignedStudentLoss, remCriticalBeta, timeScalingExponent } from '../../../../src/engine/toys/models/peakedSoftmaxTheory';
import type { ModelRecord } from '../../../../src/engine/toys/models/types';
import { Rng } from '../../../../src/engine/util/random';
import { describePresetContract } from './presetContract';

const [sgdPreset, adamPreset] = peakedSoftmaxPresets;

const powerLawExponent = (xs: readonly number[], ys: readonly number[]): number => fitPowerLaw(xs, ys).alpha;

const window = (records: ModelRecord[], from: number, to: number) => records.filter((r) => r.step >= from && r.step <= to);

describe('peaked-softmax learner: graph and theory', () => {
  it('the per-sample KL graph equals KL(p‖q) computed directly', async () => {
    const [n, vocab, width, temperature] = [5, 7, 3, 0.2];
    const rng = new Rng(11);
    const xhat = rng.fillNormal(new Float32Array(n * width));
    const teacher = rng.fillNormal(new Float32Array(vocab * width));
    const student = rng.fillNormal(new Float32Array(vocab * width));
    const g = new Graph('kl');
    const kl = peakedSoftmaxKl(g.input('xhat', 'float32', [n, width]), g.input('teacher', 'float32', [vocab, width]), g.input('student', 'float32', [vocab, width]), temperature);
    g.output('kl', kl);
    const evaluator = await Evaluator.create(g, { threads: 1 });
    const { kl: got } = await evaluator.run({ xhat, teacher, student });
    await evaluator.release();
    const logSoftmax = (z: number[]) => {
      const max = Math.max(...z);
      const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
      return z.map((v) => v - lse);
    };
    for (let s = 0; s < n; s++) {
      const logits = (w: Float32Array, scale: number) =>
        Array.from({ length: vocab }, (_, v) => scale * Array.from({ length: width }, (_, j) => w[v * width + j] * xhat[s * width + j]).reduce((a, b) => a + b));
      const lp = logSoftmax(logits(teacher, 1 / temperature));
      const lq = logSoftmax(logits(student, 1));
      const expected = lp.reduce((sum, l, v) => sum + Math.exp(l) * (l - lq[v]), 0);
      assert.ok(Math.abs(Number(got[s]) - expected) < 1e-5 * Math.max(1, expected), `row ${s}: ${got[s]} vs ${expected}`);
    }
  });

  it('the centred alignment ignores a shift shared by all rows and measures scale along the reference', () => {
    const [vocab, width] = [6, 4];
    const reference = new Rng(2).fillNormal(new Float64Array(vocab * width));
    const scaledAndShifted = reference.map((v, i) => 2.5 * v + [1, -2, 3, 0.5][i % width]);
    const { ratio, cosine } = centredAlignment(scaledAndShifted, reference, vocab, width);
    assert.ok(Math.abs(ratio - 2.5) < 1e-12 && Math.abs(cosine - 1) < 1e-12, `ratio ${ratio}, cosine ${cosine}`);
    assert.equal(centredAlignment(new Float64Array(vocab * width), reference, vocab, width).cosine, 0);
  });

  it('reproduces the notebook constants: c0 = √(2 ln 128) = 3.115 and a/(1 + b) = 0.353 for (1.15, 2.26)', () => {
    assert.equal(remCriticalBeta(128).toFixed(3), '3.115');
    assert.equal(timeScalingExponent(1.15, 2.26).toFixed(3), '0.353');
    assert.equal(timeScalingExponent(1, 2), 1 / 3);
  });

  it('an aligned student\'s loss falls as β^−1 when β* ≫ β, and steeper when β* is finite (spec §6 item 8)', () => {
    const vocab = 128;
    const logits = new Rng(3).fillNormal(new Float64Array(500 * vocab));
    const betas = [8, 11.3, 16, 22.6, 32, 45.3, 64];
    const slope = (betaStar: number) => powerLawExponent(betas, betas.map((b) => alignedStudentLoss(logits, vocab, b, betaStar)));
    const peaked = slope(5000);
    assert.ok(peaked >= 1.0 && peaked <= 1.2, `β* = 5000: slope ${peaked}`);
    assert.ok(slope(115) >= 1.3, `β* = 115: slope ${slope(115)}`);
    assert.ok(Math.abs(alignedStudentLoss(logits, vocab, 40, 40)) < 1e-12);
  });
});

describe('peaked-softmax learner: training (spec §1.4, §6 items 6 and 9)', () => {
  it('with SGD at a very peaked teacher the student aligns, then loss falls as t^−1/3 and β grows as t^1/3', async () => {
    const run = await sgdPreset.train({ seed: 1 });
    const { records } = run;
    assert.equal(run.steps, 5000);
    assert.ok(records.length >= 40, `${records.length} records`);
    const betaStar = records[0].betaStar;
    assert.ok(Math.abs(betaStar - 0.577 / 0.001) < 0.05 * 577, `β* ${betaStar}`);
    const tail = window(records, 500, 5000);
    assert.ok(tail.length >= 20, `${tail.length} records in [500, 5000]`);
    const lossExponent = powerLawExponent(tail.map((r) => r.step), tail.map((r) => r.loss));
    const betaExponent = -powerLawExponent(tail.map((r) => r.step), tail.map((r) => r.beta));
    assert.ok(lossExponent >= 0.28 && lossExponent <= 0.42, `loss exponent ${lossExponent}`);
    assert.ok(betaExponent >= 0.28 && betaExponent <= 0.38, `β exponent ${betaExponent}`);
    for (const r of window(records, 1000, 5000)) assert.ok(r.cosine > 0.99, `cosine ${r.cosine} at step ${r.step}`);
    // The shape of small runs: a fast fall while the student aligns, then the slow power law in which β stays far below β*.
    const at = (step: number) => records.find((r) => r.step === step)!;
    assert.ok(at(0).loss > 4 && at(100).loss < 0.5 * at(0).loss, `loss ${at(0).loss} → ${at(100).loss}`);
    assert.ok(at(5000).loss < at(1000).loss && at(5000).beta < 0.05 * betaStar);
  });

  it('at a hot teacher (β* below c0) the loss falls exponentially, below 1e-3 by step 500', async () => {
    const { records } = await adamPreset.train({ seed: 1, steps: 500, overrides: { temperature: 0.3, lr: 3e-3 } });
    assert.equal(PEAKED_SOFTMAX_ADAM_DEFAULTS.batch, 256);
    assert.ok(records[0].betaStar < remCriticalBeta(128), `β* ${records[0].betaStar}`);
    const at = (step: number) => records.find((r) => r.step === step)!;
    assert.ok(at(500).loss < 1e-3, `loss at 500: ${at(500).loss}`);
    // A power law of exponent ≤ 1/2 would lose at most 30 % between steps 250 and 500.
    assert.ok(at(500).loss < 0.1 * at(250).loss, `loss ${at(250).loss} → ${at(500).loss}`);
  });
});

describePresetContract(sgdPreset, { steps: 200, checkpointEvery: 50 });
describePresetContract(adamPreset, { steps: 100, checkpointEvery: 25, overrides: { batch: 64 } });
