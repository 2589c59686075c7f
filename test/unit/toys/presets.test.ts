import assert from 'node:assert/strict';
import { createToyStream, normalCdf, resolveToySpec, TOY_PRESETS, toyPreset, type ToyPresetName } from '../../../src/engine/toys';
import { firingStats, gramError, mean, standardError } from './helpers';

/** The true L0 of each preset's defaults, written out from the spec (Φ(μ/σ) is the chance a ReLU'd magnitude is > 0). */
const EXPECTED_L0: Record<ToyPresetName, number> = {
  large: Array.from({ length: 50 }, (_, i) => 0.05 + (0.345 * (49 - i)) / 50).reduce((a, b) => a + b) * normalCdf(1 / 0.15),
  small: 5 * 0.4 * normalCdf(1 / 0.15),
  'hedging-independent': 0.25 + 0.2,
  'hedging-hierarchical': 0.25 + 0.25 * 0.2,
  'hedging-correlated': 0.25 + 0.25 * 0.2 + 0.75 * 0.1,
  'hedging-anticorrelated': 0.25 + 0.25 * 0.1 + 0.75 * 0.2,
  tree: 0.25 + 3 * 0.25 * 0.15,
  longon: 64 * 0.1,
  zipf: Array.from({ length: 512 }, (_, i) => 0.3 * (i + 1) ** -0.7).reduce((a, b) => a + b) * normalCdf(1 / 0.15),
};

describe('toys/presets', () => {
  it('the large toy has Σp = 10.9525 and the spec parameters', () => {
    const { truth } = createToyStream(toyPreset('large'), 0);
    assert.equal(truth.nFeatures, 50);
    assert.equal(truth.d, 100);
    assert.ok(Math.abs(truth.probabilities.reduce((a, b) => a + b) - 10.9525) < 1e-12);
    assert.ok(Math.abs(truth.probabilities[0] - 0.3881) < 1e-12 && Math.abs(truth.probabilities[49] - 0.05) < 1e-12);
    assert.ok(Math.abs(truth.trueL0 - 10.9525) < 1e-9);
    assert.ok(gramError(truth.features, 50, 100) < 1e-5);
  });

  for (const name of Object.keys(TOY_PRESETS) as ToyPresetName[]) {
    it(`${name}: the true L0 matches its formula and the empirical mean number of non-zero magnitudes`, () => {
      const stream = createToyStream(toyPreset(name), 10);
      assert.ok(Math.abs(stream.truth.trueL0 - EXPECTED_L0[name]) < 1e-9, `formula: ${stream.truth.trueL0} vs ${EXPECTED_L0[name]}`);
      const { l0 } = firingStats(stream, 40_000);
      const se = standardError(l0);
      assert.ok(Math.abs(mean(l0) - EXPECTED_L0[name]) < 5 * se, `empirical L0 ${mean(l0)} vs ${EXPECTED_L0[name]} ± ${5 * se}`);
    });
  }

  it('the large toy reproduces the spec §7 T1 ground-truth BatchTopK MSE (±3%) and E‖x‖² ≈ 11.2', () => {
    // With W_enc = Fᵀ orthonormal the GT SAE's pre-activations are the magnitudes; BatchTopK keeps the k·B largest.
    const stream = createToyStream(toyPreset('large'), 11);
    const expected: [number, number][] = [
      [1, 9.58],
      [3, 6.99],
      [5, 4.77],
      [9, 1.2],
    ];
    const batch = 1024;
    const batches = 98;
    const mse = new Float64Array(expected.length);
    let energy = 0;
    for (let n = 0; n < batches; n++) {
      const { x, magnitudes } = stream.nextBatchWithTruth(batch);
      for (const v of x) energy += v * v;
      const sorted = magnitudes.slice().sort().reverse();
      expected.forEach(([k], q) => {
        for (let i = k * batch; i < sorted.length; i++) mse[q] += (sorted[i] * sorted[i]) / batch / batches;
      });
    }
    expected.forEach(([k, value], q) => assert.ok(Math.abs(mse[q] - value) < 0.03 * value, `k = ${k}: MSE ${mse[q]} vs ${value}`));
    const meanEnergy = energy / (batch * batches);
    assert.ok(Math.abs(meanEnergy - 10.9525 * (1 + 0.15 ** 2)) < 0.05, `E‖x‖² = ${meanEnergy}`);
  });

  it('presets follow their spec settings', () => {
    const small = resolveToySpec(toyPreset('small'));
    assert.deepEqual([small.d, small.directions.kind, small.magnitudes], [20, 'orthogonal', { law: 'normal-relu', mean: 1, std: 0.15 }]);
    assert.deepEqual(resolveToySpec(toyPreset('large', { d: 40 })).directions, { kind: 'optimized', steps: 1000, lr: 0.01, targetCos: 0 });
    assert.deepEqual(resolveToySpec(toyPreset('small', { directions: 'optimized', orthoSteps: 4 })).directions, { kind: 'optimized', steps: 4, lr: 0.01, targetCos: 0 });
    const longon = createToyStream(toyPreset('longon'), 0).truth;
    assert.deepEqual([longon.nFeatures, longon.d, longon.magnitudes.law], [64, 64, 'uniform']);
    const hedging = createToyStream(toyPreset('hedging-hierarchical'), 0).truth;
    assert.deepEqual([hedging.nFeatures, hedging.d, Array.from(hedging.parents ?? [])], [2, 50, [-1, 0]]);
    assert.ok(gramError(hedging.features, 2, 50) < 1e-5);
  });

  it('uniform magnitudes of the longon toy lie in [0, 1) with mean 1/2', () => {
    const { magnitudes } = createToyStream(toyPreset('longon'), 12).nextBatchWithTruth(20_000);
    const active = magnitudes.filter((m) => m !== 0);
    assert.ok(active.every((m) => m > 0 && m < 1));
    assert.ok(Math.abs(mean(active) - 0.5) < 5 * standardError(active));
  });

  it('rejects overrides that are out of range, unknown, or inconsistent', () => {
    assert.throws(() => toyPreset('large', { d: 0 }), /toy:large: bad value for "d": 0 \(expected an integer ≥ 1\)/);
    assert.throws(() => toyPreset('large', { nope: 1 } as never), /unknown key "nope"; valid keys: features, d, pMin/);
    assert.throws(() => toyPreset('large', { directions: 'orthogonal', d: 40 }), /directions=orthogonal needs at most d = 40 features, got 50/);
    assert.throws(() => toyPreset('large', { pMin: 0.7 }), /pMin \+ pSpan/);
    assert.throws(() => toyPreset('tree', { exclusive: true, children: [0.6, 0.6] }), /Σ children ≤ 1/);
    assert.throws(() => toyPreset('nope' as ToyPresetName), /unknown toy preset "nope"; presets: large, small/);
  });
});
