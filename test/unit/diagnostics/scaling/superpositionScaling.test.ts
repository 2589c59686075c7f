import assert from 'node:assert/strict';
import { runSuperpositionScaling, type SuperpositionScalingReport } from '../../../../src/engine/diagnostics/scaling/superpositionScaling';
import { saescope } from '../../support/cli';

/** dynamics-methods §6 targets 12–14 (13 and 14 on target 11's reduced setting: n = 128, 3 000 steps, B = 256). */
describe('scaling: loss against width in the superposition toy', () => {
  let strong: SuperpositionScalingReport;
  before(async () => {
    strong = await runSuperpositionScaling();
  });

  it('defaults: strong regime, α = 1, m = 4…16, n = 128; φ ≥ 0.9 for m ≥ 12 and α_m ∈ [0.7, 1.3] (target 11)', () => {
    assert.deepEqual([strong.regime, strong.weightDecay, strong.alpha, strong.features, strong.steps], ['strong', -1, 1, 128, 3000]);
    assert.deepEqual(strong.widths.map((w) => w.m), [4, 6, 8, 12, 16]);
    for (const w of strong.widths) if (w.m >= 12) assert.ok(w.fractionRepresented >= 0.9, `m ${w.m}: φ ${w.fractionRepresented}`);
    assert.ok(strong.exponent!.alpha >= 0.7 && strong.exponent!.alpha <= 1.3, `α_m ${strong.exponent!.alpha}`);
    assert.ok(strong.exponent!.alphaStdError > 0 && strong.exponent!.alphaStdError < 0.5);
  });

  it('target 12: n = 256, m ∈ {16, 32}: mean squared row overlap ∈ [0.9, 1.6]·(1/m), mean row norm ∈ [0.8, 1.1]', async () => {
    const r = await runSuperpositionScaling({ features: 256, widths: [16, 32] });
    for (const w of r.widths) {
      assert.ok(w.overlapTimesM! >= 0.9 && w.overlapTimesM! <= 1.6, `m ${w.m}: overlap·m ${w.overlapTimesM}`);
      assert.ok(Math.abs(w.overlapTimesM! - w.meanSquaredOverlap! * w.m) < 1e-12);
      assert.ok(w.meanRowNorm >= 0.8 && w.meanRowNorm <= 1.1, `m ${w.m}: mean row norm ${w.meanRowNorm}`);
    }
  });

  it('target 14: a more skewed feature distribution scales faster with width, α_m(α = 2) > α_m(α = 1)', async () => {
    const skewed = await runSuperpositionScaling({ alpha: 2 });
    assert.ok(skewed.exponent!.alpha > strong.exponent!.alpha, `α_m ${skewed.exponent!.alpha} (α = 2) vs ${strong.exponent!.alpha} (α = 1)`);
  });

  it('target 13: the weak regime represents few features, its loss is their unrepresented tail, α_m(weak) < 0.5 < α_m(strong)', async () => {
    const weak = await runSuperpositionScaling({ regime: 'weak' });
    assert.equal(weak.weightDecay, 1);
    for (const w of weak.widths) {
      assert.ok(w.fractionRepresented * weak.features <= 2 * w.m, `m ${w.m}: φ ${w.fractionRepresented}`);
      assert.ok(Math.abs(w.loss / w.unrepresentedLoss - 1) <= 0.25, `m ${w.m}: loss ${w.loss} vs unrepresented ${w.unrepresentedLoss}`);
    }
    assert.ok(weak.exponent!.alpha < 0.5 && strong.exponent!.alpha > 0.5, `weak ${weak.exponent!.alpha}, strong ${strong.exponent!.alpha}`);
  });

  it('saescope superposition-scaling --json on a small sweep; usage errors', async () => {
    const { code, stdout, stderr } = await saescope('superposition-scaling', '--m', '2,4', '--n', '16', '--steps', '100', '--batch', '32', '--json');
    assert.equal(code, 0, stderr);
    const r = JSON.parse(stdout);
    assert.deepEqual(r.widths.map((w: { m: number }) => w.m), [2, 4]);
    assert.ok(Number.isFinite(r.exponent.alpha) && r.regime === 'strong');
    const bad = await saescope('superposition-scaling', '--regime', 'medium');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--regime is 'strong' or 'weak', got 'medium'/);
  });
});
