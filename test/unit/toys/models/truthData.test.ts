import assert from 'node:assert/strict';
import { binaryEntropy, truthReference } from '../../../../src/engine/toys/models/truth/bayes';
import { resolveModelConfig, modelRng } from '../../../../src/engine/toys/models/truth/config';
import { TRUTH_SEQ, sampleProbeSet, sampleTruthBatch, truthWorld, type TruthBatch, type TruthWorld } from '../../../../src/engine/toys/models/truth/data';
import { fitTruthProbe } from '../../../../src/engine/diagnostics/probes/linearProbe';
import { rocAuc } from '../../../../src/engine/diagnostics/probes/rocAuc';
import { Rng } from '../../../../src/engine/util/random';

const factTrue = (w: TruthWorld, b: TruthBatch, r: number, first: number) =>
  Number(b.tokens[r * TRUTH_SEQ + first + 1]) - w.n === w.attributeOf[Number(b.tokens[r * TRUTH_SEQ + first])];

describe('toys/models/truth: data, Bayes reference, AUC and linear probe', () => {
  it('g is a bijection and its inverse is subjectOf', () => {
    const w = truthWorld(32, 0.99, new Rng(1));
    assert.deepEqual([...w.attributeOf].sort((a, b) => a - b), Array.from({ length: 32 }, (_, i) => i));
    for (let s = 0; s < 32; s++) assert.equal(w.subjectOf[w.attributeOf[s]], s);
  });

  it('samples x y x\' y\': T ~ Bernoulli(ρ), true rows have both facts true, false rows are accidentally true w.p. 1/N', () => {
    const n = 8;
    const w = truthWorld(n, 0.7, new Rng(2));
    const b = sampleTruthBatch(w, new Rng(3), 40_000);
    let latentTrue = 0;
    let accidental = 0;
    for (let r = 0; r < b.size; r++) {
      const o = r * TRUTH_SEQ;
      assert.ok(Number(b.tokens[o]) < n && Number(b.tokens[o + 2]) < n, 'x and x\' are subjects');
      assert.ok(Number(b.tokens[o + 1]) >= n && Number(b.tokens[o + 3]) < 2 * n, 'y and y\' are attributes');
      if (b.truth[r]) {
        latentTrue++;
        assert.ok(factTrue(w, b, r, 0) && factTrue(w, b, r, 2));
      } else if (factTrue(w, b, r, 0)) {
        accidental++;
      }
    }
    const p = latentTrue / b.size;
    assert.ok(Math.abs(p - 0.7) < 4 * Math.sqrt((0.7 * 0.3) / b.size), `P(T=1) ${p}`);
    const q = accidental / (b.size - latentTrue);
    assert.ok(Math.abs(q - 1 / n) < 4 * Math.sqrt((1 / n) * (1 - 1 / n) / (b.size - latentTrue)), `accidental truth ${q}`);
  });

  it('the probe set is balanced and its false rows have both facts false', () => {
    const w = truthWorld(4, 0.99, new Rng(4));
    const probe = sampleProbeSet(w, new Rng(5), 500);
    assert.equal(probe.size, 1000);
    for (let r = 0; r < probe.size; r++) {
      assert.equal(probe.truth[r], r < 500 ? 1 : 0);
      assert.equal(factTrue(w, probe, r, 0), r < 500);
      assert.equal(factTrue(w, probe, r, 2), r < 500);
    }
  });

  it('Bayes reference: posteriors as spec §4.1, and the memorize-only − Bayes gap at x\' tends to H₂(ρ) (target 18)', () => {
    const rho = 0.99;
    const r = truthReference(16, rho);
    assert.ok(Math.abs(r.posteriorTrue - rho / (rho + (1 - rho) / 16)) < 1e-15);
    assert.ok(Math.abs(r.bayesTrueContext - (r.posteriorTrue + (1 - r.posteriorTrue) / 16)) < 1e-15);
    assert.equal(r.bayesFalseContext, 1 / 16);
    assert.ok(Math.abs(r.memorizeOnly - (rho + (1 - rho) / 16)) < 1e-15);
    const ratios = [16, 64, 256, 4096, 1 << 20].map((n) => {
      const ref = truthReference(n, rho);
      assert.ok(ref.memorizeOnlyLoss > ref.bayesLoss, `N = ${n}: Bayes is better`);
      return (ref.memorizeOnlyLoss - ref.bayesLoss) / binaryEntropy(rho);
    });
    for (let i = 1; i < ratios.length; i++) assert.ok(ratios[i] > ratios[i - 1], `gap/H₂ grows with N: ${ratios}`);
    assert.ok(Math.abs(ratios.at(-1)! - 1) < 1e-3, `gap/H₂ at N = 2²⁰: ${ratios.at(-1)}`);
    assert.ok(Math.abs(binaryEntropy(0.5) - Math.log(2)) < 1e-15 && binaryEntropy(1) === 0);
  });

  it('AUC by the rank statistic: perfect, reversed, ties count one half', () => {
    assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
    assert.equal(rocAuc([1, 2, 3, 4], [1, 1, 0, 0]), 0);
    assert.equal(rocAuc([5, 5, 5, 5], [1, 0, 1, 0]), 0.5);
    assert.equal(rocAuc([1, 2, 2, 3], [0, 0, 1, 1]), 0.875);
    assert.throws(() => rocAuc([1, 2], [1, 1]), /at least one positive and one negative/);
  });

  it('the probe separates classes a linear direction separates, and sees nothing in an XOR', () => {
    const rng = new Rng(6);
    const rows = 2000;
    const d = 5;
    const labels = Uint8Array.from({ length: rows }, (_, i) => i % 2);
    const shifted = Float64Array.from({ length: rows * d }, (_, k) => rng.normal() + (k % d === 2 && labels[Math.floor(k / d)] ? 3 : 0));
    const linear = fitTruthProbe(shifted, labels, d);
    assert.ok(linear.auc > 0.97 && linear.accuracy > 0.9 && linear.meanDifferenceAuc > 0.97, JSON.stringify(linear));
    // Label = a XOR b of two ±1 coordinates: no linear function of the features carries it.
    const xor = new Float64Array(rows * 2);
    const xorLabels = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      const a = rng.uniform() < 0.5 ? 1 : -1;
      const b = rng.uniform() < 0.5 ? 1 : -1;
      xor.set([a + 0.1 * rng.normal(), b + 0.1 * rng.normal()], 2 * r);
      xorLabels[r] = a === b ? 1 : 0;
    }
    const blind = fitTruthProbe(xor, xorLabels, 2);
    assert.ok(Math.abs(blind.auc - 0.5) < 0.06, `XOR AUC ${blind.auc}`);
  });

  it('config: overrides replace defaults, options.steps wins, unknown keys are errors; seeds give separate streams', () => {
    const defaults = { n: 16, steps: 10 };
    assert.deepEqual(resolveModelConfig('p', defaults, { seed: 0, overrides: { n: 8 }, steps: 3 }), { n: 8, steps: 3 });
    assert.throws(() => resolveModelConfig('p', defaults, { seed: 0, overrides: { m: 1 } }), /p: unknown parameter 'm'; parameters: n, steps/);
    assert.throws(() => resolveModelConfig('p', defaults, { seed: 0, overrides: { n: NaN } }), /finite/);
    assert.notEqual(modelRng(1, 'world').nextUint32(), modelRng(1, 'batches').nextUint32());
    assert.equal(modelRng(1, 'world').nextUint32(), modelRng(1, 'world').nextUint32());
  });
});
