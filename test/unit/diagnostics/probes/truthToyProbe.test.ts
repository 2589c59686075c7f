import assert from 'node:assert/strict';
import { probeTruthToy, type TruthToyProbeReport } from '../../../../src/engine/diagnostics/probes/truthToyProbe';
import { saescope } from '../../support/cli';

/** `saescope probe toy:truth` on the preset's defaults (N = 16, ρ = 0.99, 4 000 steps): spec §4.4 per position. */
describe('probes: the truth toy, position by position', () => {
  let r: TruthToyProbeReport;
  before(async () => {
    r = await probeTruthToy();
  });

  it('conditional probabilities: memorised at x; at x\' high after a true fact and far lower after a false one', () => {
    assert.deepEqual(r.positions.map((p) => `${p.position}→${p.predicts}`), ["x→y", "y→x'", "x'→y'"]);
    const [x, y, xp] = r.positions;
    // At x the model has not seen y yet: the true attribute gets the same probability in both classes.
    assert.ok(x.pTrueAttributeTrue! > 0.9 && Math.abs(x.pTrueAttributeTrue! - x.pTrueAttributeFalse!) < 0.02, JSON.stringify(x));
    assert.equal(x.bayesTrue, r.memorizeOnly);
    // x' is a uniform subject whatever the truth: about 1/N in both classes.
    assert.ok(Math.abs(y.pNextTrue - 1 / 16) < 0.03 && Math.abs(y.pNextFalse - 1 / 16) < 0.03, JSON.stringify([y.pNextTrue, y.pNextFalse]));
    assert.ok(xp.pTrueAttributeTrue! >= 0.95 && xp.pTrueAttributeTrue! - xp.pTrueAttributeFalse! >= 0.5, JSON.stringify(xp));
    assert.equal(xp.pNextTrue, xp.pTrueAttributeTrue, 'in a true sample y\' is g(x\')');
    assert.ok(xp.bayesTrue! > 0.99 && xp.bayesFalse === 1 / 16);
  });

  it('probes: truth is invisible at x, linear after normalisation at y and x\' and not before (target 16)', () => {
    const [x, y, xp] = r.positions;
    assert.ok(x.probes.raw.logistic.auc.mean < 0.6 && x.probes.normalised.logistic.auc.mean < 0.6, 'x carries no truth');
    for (const p of [y, xp]) {
      assert.ok(p.probes.normalised.logistic.auc.mean >= 0.95, `${p.position}: normalised AUC ${p.probes.normalised.logistic.auc.mean}`);
      assert.ok(p.probes.raw.logistic.auc.mean <= 0.6, `${p.position}: raw AUC ${p.probes.raw.logistic.auc.mean}`);
    }
    assert.ok(xp.normRatio < 0.6, `‖v‖ true/false at x' ${xp.normRatio}`);
    // The preset's own record at the last step measured the same probe on its model's v/‖v‖ (one split).
    assert.ok(Math.abs(xp.probes.normalised.logistic.auc.mean - r.finalRecord.auc_xp) < 0.02);
    assert.ok(Math.abs(xp.normRatio - r.finalRecord.norm_ratio_xp) < 1e-6);
  });

  it('saescope probe toy:truth --json on a short run', async () => {
    const { code, stdout, stderr } = await saescope('probe', 'toy:truth', '--steps', '20', '--set', 'n=4,probePerClass=50', '--json');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.steps, 20);
    assert.equal(report.positions.length, 3);
    assert.equal(report.positions[2].probes.rows, 100);
  });
});
