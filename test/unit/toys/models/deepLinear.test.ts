import assert from 'node:assert/strict';
import { deepLinearPresets } from '../../../../src/engine/toys/models/deepLinearPreset';
import { modeProgress, sigmoidalModeProgress } from '../../../../src/engine/toys/models/deepLinearNetwork';
import { hierarchicalData } from '../../../../src/engine/toys/models/hierarchicalData';
import type { ModelRecord } from '../../../../src/engine/toys/models/types';
import { describePresetContract } from './presetContract';

const [dln] = deepLinearPresets;
const data = hierarchicalData(3);
const n = data.items.length;
const featureCount = data.features.length;

describe('hierarchical data (spec §5.2 reconstruction)', () => {
  it('has the eight items and fifteen ancestor-or-self features of the depth-3 tree', () => {
    assert.deepEqual(data.items, ['dog', 'cat', 'sparrow', 'robin', 'oak', 'pine', 'rose', 'daisy']);
    assert.equal(featureCount, 15);
    const on = (feature: string) => data.items.filter((_, i) => data.targets[data.features.indexOf(feature) * n + i] === 1);
    assert.deepEqual(on('living thing'), data.items);
    assert.deepEqual(on('animal'), ['dog', 'cat', 'sparrow', 'robin']);
    assert.deepEqual(on('bird'), ['sparrow', 'robin']);
    assert.deepEqual(on('daisy'), ['daisy']);
    assert.equal(data.targets.reduce((s, v) => s + v, 0), 4 * n);
  });

  it('its modes are orthonormal singular pairs of Y/8 with values 0.484, 0.331, 0.217 ×2, 0.125 ×4', () => {
    assert.deepEqual(data.modes.map((m) => m.strength.toFixed(3)), ['0.484', '0.331', '0.217', '0.217', '0.125', '0.125', '0.125', '0.125']);
    assert.deepEqual(data.modes.map((m) => data.groups[m.group]), ['root', 'level1', 'level2', 'level2', 'level3', 'level3', 'level3', 'level3']);
    for (const [k, m] of data.modes.entries()) {
      for (let i = 0; i < n; i++) {
        // Yᵀu = n·s·v: with Y v = n·s·u (true by construction) this makes (u, s, v) a singular triple.
        let ytu = 0;
        for (let f = 0; f < featureCount; f++) ytu += data.targets[f * n + i] * m.left[f];
        assert.ok(Math.abs(ytu - n * m.strength * m.right[i]) < 1e-12, `mode ${k}, item ${i}`);
      }
      for (const [l, other] of data.modes.entries()) {
        const dot = m.right.reduce((s, v, i) => s + v * other.right[i], 0);
        assert.ok(Math.abs(dot - (k === l ? 1 : 0)) < 1e-12);
      }
    }
  });

  it('mode progress is 0 at W = 0, 1 at W = Y, and picks out one group at a time', () => {
    const y = Float64Array.from(data.targets);
    assert.deepEqual(modeProgress(new Float64Array(featureCount * n), data), [0, 0, 0, 0]);
    for (const p of modeProgress(y, data)) assert.ok(Math.abs(p - 1) < 1e-12);
    const root = data.modes[0];
    const rootOnly = new Float64Array(featureCount * n).map((_, j) => n * root.strength * root.left[Math.floor(j / n)] * root.right[j % n]);
    assert.deepEqual(modeProgress(rootOnly, data).map((p) => Math.round(p * 1e9) / 1e9), [1, 0, 0, 0]);
  });

  it('the sigmoidal trajectory starts at π0, is ½ at its half-time and tends to 1', () => {
    const [pi0, s, lr] = [1e-6, 0.484, 0.02];
    const half = Math.log(1 / pi0 - 1) / (2 * Math.log(1 + lr * s));
    assert.equal(sigmoidalModeProgress(pi0, s, lr, 0), pi0);
    assert.ok(Math.abs(sigmoidalModeProgress(pi0, s, lr, half) - 0.5) < 1e-12);
    assert.ok(sigmoidalModeProgress(pi0, s, lr, 3 * half) > 0.999);
  });
});

describe('deep linear network: stage-wise learning (spec §5.2, §6 item 19)', () => {
  let records: ModelRecord[];
  before(async () => {
    records = (await dln.train({ seed: 1 })).records;
  });
  const halfTime = (key: string) => records.find((r) => r[key] >= 0.5)?.step ?? Infinity;

  it('learns the modes in order of singular value, each in the window the spec observed', () => {
    const times = data.groups.map((g) => halfTime(`progress.${g}`));
    assert.deepEqual([...times].sort((a, b) => a - b), times, `half-times ${times.join(', ')}`);
    const windows = [[500, 800], [800, 1100], [1200, 1700], [2000, 3000]];
    times.forEach((t, k) => assert.ok(t >= windows[k][0] && t <= windows[k][1], `${data.groups[k]} half-learned at ${t}`));
    assert.ok(records.at(-1)!.loss < 0.01, `final loss ${records.at(-1)!.loss}`);
  });

  it('learns in stages: while one mode rises the weaker ones stay near zero, and the loss plateaus between', () => {
    const at = (step: number) => records.find((r) => r.step === step)!;
    const rootDone = records.find((r) => r['progress.root'] >= 0.9)!;
    assert.ok(rootDone['progress.level2'] < 0.05 && rootDone['progress.level3'] < 0.01, JSON.stringify(rootDone));
    const level1Done = records.find((r) => r['progress.level1'] >= 0.9)!;
    assert.ok(level1Done['progress.level2'] < 0.25 && level1Done['progress.level3'] < 0.02, JSON.stringify(level1Done));
    // Before any mode takes off the loss barely moves: ½·mean‖y_i‖² = 2 at W ≈ 0.
    assert.ok(Math.abs(at(250).loss - 2) < 0.01, `loss at 250: ${at(250).loss}`);
  });

  it('follows Saxe et al.\'s sigmoids: half-times within 10 % of the analytic ones from the same initial weights', () => {
    for (const group of data.groups) {
      const [measured, analytic] = [halfTime(`progress.${group}`), halfTime(`sigmoid.${group}`)];
      assert.ok(Math.abs(measured - analytic) <= 0.1 * analytic, `${group}: ${measured} vs ${analytic}`);
    }
  });

  it('records every item\'s loss ℓ_i, whose mean is the loss', () => {
    for (const r of records.filter((_, i) => i % 50 === 0)) {
      const mean = data.items.reduce((s, item) => s + r[`loss.${item}`], 0) / n;
      assert.ok(Math.abs(mean - r.loss) < 1e-6, `step ${r.step}`);
    }
    assert.ok(Math.abs(records[0]['loss.dog'] - 2) < 1e-3);
  });
});

describePresetContract(dln, { steps: 200, checkpointEvery: 50 });
