import assert from 'node:assert/strict';
import { markTrajectory, nearestBoundary, signOf } from '../../../../src/engine/diagnostics/influence/trajectoryMarks';

describe('influence trajectory marks', () => {
  it('reads the sign outside the dead band: corr < 0 is harmful (BIF = −cov > 0)', () => {
    assert.equal(signOf(0.2), 'helpful');
    assert.equal(signOf(-0.2), 'harmful');
    assert.equal(signOf(0.04), 'neutral');
    assert.equal(signOf(-0.05), 'harmful');
  });

  it('marks the dog–sparrow shape: helpful, flip to harmful, flip back, with one peak per segment', () => {
    const steps = [300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500];
    const corr = [0.01, 0.08, 0.17, 0.21, 0.19, 0.02, -0.12, -0.25, -0.33, -0.2, 0.03, 0.15, 0.2];
    const m = markTrajectory(steps, corr);
    assert.deepEqual(m.flips, [
      { fromStep: 700, step: 900, to: 'harmful' },
      { fromStep: 1200, step: 1400, to: 'helpful' },
    ]);
    assert.deepEqual(m.peaks, [
      { step: 600, correlation: 0.21, sign: 'helpful', segment: [400, 700] },
      { step: 1100, correlation: -0.33, sign: 'harmful', segment: [900, 1200] },
      { step: 1500, correlation: 0.2, sign: 'helpful', segment: [1400, 1500] },
    ]);
    assert.equal(m.harmfulOnset, 900);
  });

  it('takes the onset of the most harmful segment, ignores sub-threshold extremes and undefined values', () => {
    const steps = [0, 1, 2, 3, 4, 5, 6];
    const corr = [-0.3, 0.0, -0.08, NaN, -0.5, -0.9, -0.4];
    const m = markTrajectory(steps, corr);
    assert.equal(m.harmfulOnset, 4);
    assert.deepEqual(m.peaks.map((p) => p.step), [0, 5]);
    assert.deepEqual(m.flips, []);
    assert.equal(markTrajectory([0, 1], [0.5, 0.3]).harmfulOnset, null);
  });

  it('refuses mismatched lengths and a peak threshold inside the band', () => {
    assert.throws(() => markTrajectory([0, 1], [0.1]), /2 steps but 1 values/);
    assert.throws(() => markTrajectory([0], [0.1], { band: 0.2, peakMin: 0.1 }), /band ≤ peakMin/);
  });

  it('finds the nearest stage boundary', () => {
    assert.deepEqual(nearestBoundary(950, [500, 1000, 1800]), { boundary: 1000, distance: 50 });
    assert.equal(nearestBoundary(950, []), null);
  });
});
