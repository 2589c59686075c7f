import assert from 'node:assert/strict';
import { freeEnergyDifference, localFreeEnergy, parseFreeEnergySign } from '../../../../src/engine/diagnostics/stages/freeEnergy';
import { grokkingEvents } from '../../../../src/engine/diagnostics/stages/grokkingEvents';
import { fitLine } from '../../../../src/engine/diagnostics/stages/lineFit';
import { stageFreeEnergies } from '../../../../src/engine/diagnostics/stages/stageFreeEnergy';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('free energy between stages', () => {
  it('F = n·L + λ·ln n, and ΔF in both signs (paper 2 grokking: N = 0.4·53²)', () => {
    const n = 0.4 * 53 * 53;
    close(localFreeEnergy(n, 0.25, 30), n * 0.25 + 30 * Math.log(n), 1e-9, 'F');
    const before = { loss: 0.2, llc: 30 }, after = { loss: 0.08, llc: 22 };
    const expected = Math.log(n) * (22 - 30) + n * (0.08 - 0.2);
    close(freeEnergyDifference(n, before, after), expected, 1e-9, 'after − before (default)');
    close(freeEnergyDifference(n, before, after, 'before-minus-after'), -expected, 1e-9, 'before − after');
    assert.equal(parseFreeEnergySign('before-minus-after'), 'before-minus-after');
    assert.throws(() => parseFreeEnergySign('post-pre'), /after-minus-before/);
    assert.throws(() => localFreeEnergy(1, 0, 0), /n > 1/);
  });

  it('stage states are the means of λ̂ and L_n over the checkpoints inside each stage; ΔF joins neighbours', () => {
    const n = 100;
    const curveSteps = [0, 10, 20, 30, 40, 50, 60];
    const segments = [{ from: 0, to: 2 }, { from: 2, to: 4 }, { from: 4, to: 5 }, { from: 5, to: 7 }];
    const checkpoints = [
      { step: 10, loss: 2, llc: 1 },
      { step: 20, loss: 1, llc: 3 },
      { step: 30, loss: 0.8, llc: 5 },
      { step: 40, loss: 0.5, llc: null },
      { step: 50, loss: 0.4, llc: 6 },
      { step: 60, loss: 0.2, llc: 8 },
    ];
    const r = stageFreeEnergies(n, curveSteps, segments, checkpoints);
    assert.deepEqual(r.stages.map((s) => [s.fromStep, s.toStep, s.checkpoints]), [[0, 20, 1], [20, 40, 2], [40, 50, 0], [50, null, 2]]);
    close(r.stages[1].loss!, 0.9, 1e-12, 'stage 1 loss');
    close(r.stages[1].llc!, 4, 1e-12, 'stage 1 λ̂');
    assert.equal(r.stages[2].llc, null);
    close(r.transitions[0].deltaF!, Math.log(n) * (4 - 1) + n * (0.9 - 2), 1e-9, 'ΔF 0 → 1');
    assert.equal(r.transitions[0].step, 20);
    assert.equal(r.transitions[1].deltaF, null);
    assert.equal(r.transitions[2].deltaF, null);
  });
});

describe('line fit (OLS)', () => {
  it("reproduces the published fit of Anscombe's first data set", () => {
    const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
    const y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
    const f = fitLine(x, y);
    close(f.slope, 0.5001, 1e-4, 'slope');
    close(f.intercept, 3.0001, 1e-4, 'intercept');
    close(f.rSquared, 0.6665, 1e-4, 'R²');
    close(f.slopeStandardError!, 0.1179, 1e-4, 'slope standard error');
  });

  it('is exact on a line, has no standard error from two points, and refuses degenerate input', () => {
    const f = fitLine([1, 2, 3], [1, -1, -3]);
    assert.deepEqual([f.slope, f.intercept, f.rSquared, f.slopeStandardError], [-2, 3, 1, 0]);
    assert.equal(fitLine([0, 1], [0, 5]).slopeStandardError, null);
    assert.throws(() => fitLine([1, 1], [0, 1]), /two distinct x/);
    assert.throws(() => fitLine([1], [1]), /at least 2 points/);
    assert.throws(() => fitLine([1, 2], [1, NaN]), /finite/);
  });
});

describe('grokking transition (paper 2 Q1.1)', () => {
  const acc = (train: number[], validation: number[]) => train.map((t, k) => ({ step: 100 * (k + 1), trainAccuracy: t, validationAccuracy: validation[k] }));

  it('i = first checkpoint at 100 % training accuracy, j = first at ≥ 95 % validation, r = j − i in checkpoints', () => {
    const train = [0.5, 0.9, 1, 1, 1, 1, 1, 1];
    const validation = [0, 0, 0.1, 0.3, 0.6, 0.94, 0.95, 0.99];
    const e = grokkingEvents(acc(train, validation), { minGap: 3 });
    assert.deepEqual(e.memorised, { index: 2, step: 300 });
    assert.deepEqual(e.generalised, { index: 6, step: 700 });
    assert.equal(e.gap, 4);
    assert.ok(e.kept && e.reason === null);
    const tooFast = grokkingEvents(acc(train, validation), { minGap: 4 });
    assert.equal(tooFast.kept, false);
    assert.match(tooFast.reason!, /j − i = 4 checkpoints, not more than 4/);
    assert.equal(grokkingEvents(acc(train, validation), { minGap: 3, generalisedAccuracy: 0.999 }).reason, 'never reached 99.9 % validation accuracy');
  });

  it('discards runs that never memorise or never generalise, and by default needs more than 20 checkpoints', () => {
    assert.equal(grokkingEvents(acc([0.5, 0.99], [0, 0])).reason, 'never reached 100 % training accuracy');
    const slow = grokkingEvents(acc([1, ...new Array(30).fill(1)], [...new Array(21).fill(0), ...new Array(10).fill(1)]));
    assert.equal(slow.gap, 21);
    assert.ok(slow.kept);
    const fast = grokkingEvents(acc(new Array(31).fill(1), [...new Array(20).fill(0), ...new Array(11).fill(1)]));
    assert.equal(fast.gap, 20);
    assert.equal(fast.kept, false);
  });
});
