import assert from 'node:assert/strict';
import { FamilyLlcResult, familyLlc } from '../../../../src/engine/diagnostics/slt/familyLlc';
import { leastSquares } from '../../../../src/engine/diagnostics/slt/leastSquares';
import { polynomialDesign, quadraticLlc } from '../../../../src/engine/diagnostics/slt/quadraticLlc';
import { polynomialData } from '../../../../src/engine/toys/models/regression/regressionData';
import { Rng } from '../../../../src/engine/util/random';

// dynamics-methods §6 targets 1, 2 and 4 at the spec's settings (full batch; the spec's ε, γ, chains and draws).
const within = (value: number, target: number, rel: number, what: string) =>
  assert.ok(Math.abs(value / target - 1) <= rel, `${what}: ${value.toFixed(3)} vs ${target.toFixed(3)} (±${100 * rel}%)`);

describe('LLC targets: regular linear regression, normal crossing, restricted-domain polynomial', () => {
  it('target 1: λ̂ within 10% of d/2 and of the localised quadratic formula for d = 1, 5, 10, 20', async () => {
    for (const d of [1, 5, 10, 20]) {
      // At d = 1 the spread of λ̂ over 4 chains × 2 000 draws is ~14% of 0.5, more than the tolerance (the
      // draws are correlated over ~70 steps): 20 000 draws there (32 chains × 20 000 give 0.506 ± 0.009).
      const draws = d === 1 ? 20000 : 2000;
      const r = await familyLlc({ model: 'linear', overrides: { inputDim: d }, seed: 0, sgld: { batch: 1000, epsilon: 1e-4, localization: 1, chains: 4, draws, burnIn: 500 } });
      within(r.estimate.llc.mean, d / 2, 0.1, `d = ${d} against d/2`);
      within(r.estimate.llc.mean, r.theory.quadratic!, 0.1, `d = ${d} against the quadratic formula`);
      assert.equal(r.theory.lambda, d / 2);
      assert.ok(r.estimate.health.flattened, `d = ${d}: trace should have flattened`);
      assert.deepEqual(r.estimate.health.warnings, []);
    }
  });

  it('target 2: normal crossing (0,1) ≈ 0.5, (0,2), (0,3), (1,1) in the spec’s ranges, ordered (0,1) > (0,2) > (0,3)', async () => {
    const llc = async (power1: number, power2: number) =>
      (await familyLlc({ model: 'normal-crossing', overrides: { power1, power2 }, seed: 0, sgld: { batch: 1000, epsilon: 1e-4, localization: 1, chains: 4, draws: 4000, burnIn: 1000 } })).estimate.llc.mean;
    const [l01, l02, l03, l11] = [await llc(0, 1), await llc(0, 2), await llc(0, 3), await llc(1, 1)];
    within(l01, 0.5, 0.15, '(0,1)');
    assert.ok(l02 >= 0.12 && l02 <= 0.32, `(0,2): ${l02}`);
    assert.ok(l03 >= 0.1 && l03 <= 0.22, `(0,3): ${l03}`);
    assert.ok(l11 >= 0.3 && l11 <= 0.55, `(1,1): ${l11}`);
    assert.ok(l01 > l02 && l02 > l03, `ordering ${l01} > ${l02} > ${l03}`);
  });

  it('target 4: degree-10 polynomial, λ̂(h=1) > λ̂(h=0.75) > λ̂(h=0.5), all below (degree + 1)/2 and below the quadratic formula', async () => {
    const results: FamilyLlcResult[] = [];
    for (const halfWidth of [1, 0.75, 0.5]) {
      results.push(await familyLlc({ model: 'polynomial', overrides: { halfWidth }, seed: 0, sgld: { batch: 500, epsilon: 1e-3, localization: 1, chains: 4, draws: 1000, burnIn: 500 } }));
    }
    const llc = results.map((r) => r.estimate.llc.mean);
    assert.ok(llc[0] > llc[1] && llc[1] > llc[2], `ordering ${llc.join(' > ')}`);
    for (const r of results) {
      assert.ok(r.estimate.llc.mean < 5.5 && r.estimate.llc.mean < r.theory.quadratic! * 1.1, `${r.estimate.llc.mean} vs 5.5 and ${r.theory.quadratic}`);
      assert.ok(r.fit.loss < 1e-10, `noise-free teacher fitted exactly, L_n(w*) = ${r.fit.loss}`);
    }
    // The quadratic formula of the spec: 2.52 > 1.72 > 1.24 (ours, other draws of the data; the values depend on them little).
    [2.52, 1.72, 1.24].forEach((q, i) => within(results[i].theory.quadratic!, q, 0.05, `quadratic formula at h = ${[1, 0.75, 0.5][i]}`));
  });

  it('least squares recovers a degree-10 teacher on a narrow domain, where the normal equations lose digits', () => {
    const data = polynomialData(new Rng(2), 500, 10, 0.5, 0);
    const design = polynomialDesign(data.x, 10);
    const b = leastSquares(design, data.y, 500, 11, 1);
    // y is float32, so coefficients of high powers on [−0.5, 0.5] are determined only up to float32 rounding
    // amplified by the conditioning; the fitted values are what must match.
    let worst = 0;
    for (let r = 0; r < 500; r++) {
      let f = 0;
      for (let i = 10; i >= 0; i--) f = f * data.x[r] + b[i];
      worst = Math.max(worst, Math.abs(f - data.y[r]));
    }
    assert.ok(worst < 1e-6, `largest residual ${worst}`);
    assert.ok(Math.abs(b[0] - data.teacher![0]) < 1e-5 && Math.abs(b[1] - data.teacher![1]) < 1e-4);
    assert.throws(() => leastSquares([1, 2, 2, 4, 3, 6], [1, 2, 3], 3, 2, 1), /column 1 of the design depends on the others/);
  });

  it('the quadratic formula: ½Σ 2nβa/(2nβa + γ) on a diagonal design', () => {
    // D = diag-like columns with a_1 = 4, a_2 = 1/100 (A = DᵀD/n for n = 2 rows).
    const design = [Math.sqrt(8), 0, 0, Math.sqrt(0.02)];
    const nbeta = 10, gamma = 1;
    const expected = 0.5 * ((2 * nbeta * 4) / (2 * nbeta * 4 + gamma) + (2 * nbeta * 0.01) / (2 * nbeta * 0.01 + gamma));
    assert.ok(Math.abs(quadraticLlc(design, 2, 2, nbeta, gamma) - expected) < 1e-12);
  });
});
