import assert from 'node:assert/strict';
import { createToyStream, inverseNormalCdf, toyPreset, type CorrelationSpec, type ToyConfig, type ToySpec, type TreeNodeSpec } from '../../../src/engine/toys';
import { assertFrequency, bivariateUpperOrthant, firingStats } from './helpers';

const SAMPLES = 100_000;

const bernoulliSpec = (probabilities: number[], correlation: CorrelationSpec | null): ToySpec => ({
  d: 8,
  worldSeed: 1,
  directions: { kind: 'random' },
  firing: { kind: 'bernoulli', probabilities, correlation },
  magnitudes: { law: 'normal-relu', mean: 1, std: 0 },
});

/** Co-firing of every pair against the copula's orthant probability, to 5 standard errors. */
function assertCopulaPairs(spec: ToyConfig, seed: number): { strongest: number } {
  const stream = createToyStream(spec, seed);
  const { probabilities, correlation, nFeatures: g } = stream.truth;
  assert.ok(correlation);
  const stats = firingStats(stream, SAMPLES);
  let strongest = 0;
  for (let i = 0; i < g; i++) {
    assertFrequency(stats.fired[i], SAMPLES, probabilities[i], `P(f${i})`);
    for (let j = i + 1; j < g; j++) {
      const t = (p: number) => inverseNormalCdf(1 - p);
      const both = bivariateUpperOrthant(t(probabilities[i]), t(probabilities[j]), correlation[i * g + j]);
      assertFrequency(stats.together[i * g + j], SAMPLES, both, `P(f${i} ∧ f${j})`);
      const independent = probabilities[i] * probabilities[j];
      strongest = Math.max(strongest, Math.abs(both - independent) / Math.sqrt(independent * (1 - independent) / SAMPLES));
    }
  }
  return { strongest };
}

describe('toys/firing', () => {
  it('independent Bernoulli features hit their marginals and co-fire independently', () => {
    const p = [0.05, 0.3, 0.5, 0.9, 0, 1];
    const stats = firingStats(createToyStream(bernoulliSpec(p, null), 1), SAMPLES);
    p.forEach((pi, i) => {
      assertFrequency(stats.fired[i], SAMPLES, pi, `P(f${i})`);
      for (let j = i + 1; j < p.length; j++) assertFrequency(stats.together[i * p.length + j], SAMPLES, pi * p[j], `P(f${i} ∧ f${j})`);
    });
  });

  it('the small toy copula hits p = 0.4 and the orthant probabilities of c = ±0.4', () => {
    for (const c of [0.4, -0.4]) {
      const { strongest } = assertCopulaPairs(toyPreset('small', { c }), 2);
      assert.ok(strongest > 20, `c = ${c}: the correlation is visible (${strongest.toFixed(1)} standard errors)`);
    }
  });

  it('a singular (c = 0.5) and a repaired non-PSD (c = 0.7) small toy still sample exact marginals', () => {
    for (const c of [0.5, 0.7]) assertCopulaPairs(toyPreset('small', { c }), 3);
  });

  it('the large toy hits all 50 marginals and all 1225 pairwise co-firing probabilities', () => {
    const { strongest } = assertCopulaPairs(toyPreset('large'), 4);
    assert.ok(strongest > 20, `some pairs are clearly correlated (${strongest.toFixed(1)} standard errors)`);
  });

  it('hedging toys: P(f₀) = 0.25 and f₁ fires with pChild given f₀ and pChildAlone without', () => {
    const variants = [
      ['hedging-independent', 0.2, 0.2],
      ['hedging-hierarchical', 0.2, 0],
      ['hedging-correlated', 0.2, 0.1],
      ['hedging-anticorrelated', 0.1, 0.2],
    ] as const;
    for (const [name, withParent, alone] of variants) {
      const stats = firingStats(createToyStream(toyPreset(name), 5), 50_000);
      const both = stats.together[1];
      assertFrequency(stats.fired[0], 50_000, 0.25, `${name} P(f₀)`);
      assertFrequency(both, 50_000, 0.25 * withParent, `${name} P(f₀ ∧ f₁)`);
      assertFrequency(stats.fired[1] - both, 50_000, 0.75 * alone, `${name} P(¬f₀ ∧ f₁)`);
    }
  });

  describe('hierarchical trees', () => {
    // Features depth-first: A 0, A1 1, A2 2, B 3, B1 4, B2 5, C1 6 (the root and C are not read out).
    const root: TreeNodeSpec = {
      activeProb: 1,
      readOut: false,
      exclusiveChildren: true,
      children: [
        { activeProb: 0.5, children: [{ activeProb: 0.6 }, { activeProb: 0.3 }] },
        { activeProb: 0.3, exclusiveChildren: true, children: [{ activeProb: 0.1 }, { activeProb: 0.4 }] },
        { activeProb: 0.2, readOut: false, children: [{ activeProb: 0.5 }] },
      ],
    };
    const spec: ToySpec = {
      d: 16,
      worldSeed: 2,
      directions: { kind: 'orthogonal' },
      firing: { kind: 'tree', root },
      magnitudes: { law: 'normal-abs', mean: 1, std: 0.5 },
    };
    const expected = [0.5, 0.3, 0.15, 0.3, 0.06, 0.24, 0.1];

    it('computes marginals and read-out parents from the tree', () => {
      const { truth } = createToyStream(spec, 0);
      expected.forEach((p, i) => assert.ok(Math.abs(truth.probabilities[i] - p) < 1e-12, `P(feature ${i}) = ${truth.probabilities[i]}, expected ${p}`));
      assert.deepEqual(Array.from(truth.parents ?? []), [-1, 0, 0, -1, 3, 3, -1]);
      assert.ok(Math.abs(truth.trueL0 - expected.reduce((a, b) => a + b)) < 1e-12);
    });

    it('holds every constraint in every sample and hits the marginals', () => {
      const stream = createToyStream(spec, 6);
      const g = 7;
      const counts = new Float64Array(g);
      const n = 50_000;
      const { fired, magnitudes } = stream.nextBatchWithTruth(n);
      for (let b = 0; b < n; b++) {
        const s = (i: number) => fired[b * g + i] === 1;
        assert.ok(!(s(0) && s(3)), `sample ${b}: exclusive siblings A and B together`);
        assert.ok((!s(1) && !s(2)) || s(0), `sample ${b}: a child of A without A`);
        assert.ok(!s(3) || s(4) !== s(5), `sample ${b}: B active needs exactly one of B1, B2`);
        assert.ok((!s(4) && !s(5)) || s(3), `sample ${b}: a child of B without B`);
        assert.ok(!s(6) || (!s(0) && !s(3)), `sample ${b}: C1 fired alongside A or B`);
        for (let i = 0; i < g; i++) {
          if (s(i)) counts[i]++;
          assert.equal(magnitudes[b * g + i] > 0, s(i), `sample ${b}: magnitude of feature ${i} is positive exactly when it fires`);
        }
      }
      expected.forEach((p, i) => assertFrequency(counts[i], n, p, `P(feature ${i})`));
    });

    it('the tree preset: children fire only with their parent, and exclusive children never together', () => {
      for (const exclusive of [false, true]) {
        const stream = createToyStream(toyPreset('tree', { parents: 2, exclusive }), 7);
        const g = stream.truth.nFeatures;
        assert.equal(g, 8);
        const n = 50_000;
        const { fired } = stream.nextBatchWithTruth(n);
        const counts = new Float64Array(g);
        for (let b = 0; b < n; b++) {
          for (const parent of [0, 4]) {
            const children: number[] = [1, 2, 3].map((k) => fired[b * g + parent + k]);
            if (!fired[b * g + parent]) assert.deepEqual(children, [0, 0, 0], `sample ${b}: a child without its parent`);
            if (exclusive) assert.ok(children.reduce((a, c) => a + c, 0) <= 1, `sample ${b}: exclusive children together`);
          }
          for (let i = 0; i < g; i++) counts[i] += fired[b * g + i];
        }
        for (let i = 0; i < g; i++) assertFrequency(counts[i], n, i % 4 === 0 ? 0.25 : 0.25 * 0.15, `exclusive=${exclusive} P(feature ${i})`);
      }
    });
  });

  it('zipf firing probabilities follow pMax·(i + 1)^−exponent', () => {
    const stream = createToyStream(toyPreset('zipf', { features: 64, d: 32, pMax: 0.5, exponent: 1 }), 8);
    stream.truth.probabilities.forEach((p, i) => assert.ok(Math.abs(p - 0.5 / (i + 1)) < 1e-15));
    const stats = firingStats(stream, 50_000);
    stream.truth.probabilities.forEach((p, i) => assertFrequency(stats.fired[i], 50_000, p, `P(f${i})`));
  });
});
