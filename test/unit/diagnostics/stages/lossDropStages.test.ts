import assert from 'node:assert/strict';
import { detectLossDropStages, effectiveDropWindow, lossDropScores, segmentsOf } from '../../../../src/engine/diagnostics/stages/lossDropStages';
import { Rng } from '../../../../src/engine/util/random';

/** A loss curve that falls by `drops[k].size` over `width` points centred on `drops[k].at` (a logistic step). */
function stepCurve(n: number, start: number, drops: { at: number; size: number }[], width = 2, noise = 0, seed = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => start - drops.reduce((s, d) => s + d.size / (1 + Math.exp(-(i - d.at + 0.5) / (width / 4))), 0) + noise * rng.normal());
}

describe('loss drop score and stage boundaries', () => {
  it('drop(i) is the mean of the w points before i minus the mean of the w points from i, NaN where they do not fit', () => {
    const values = [9, 7, 4, 4, 1, 0, 2, 5];
    const scores = lossDropScores(values, 2);
    for (let i = 0; i < values.length; i++) {
      if (i < 2 || i + 2 > values.length) assert.ok(Number.isNaN(scores[i]), `point ${i}`);
      else assert.ok(Math.abs(scores[i] - ((values[i - 2] + values[i - 1]) / 2 - (values[i] + values[i + 1]) / 2)) < 1e-12, `point ${i}`);
    }
    assert.throws(() => lossDropScores(values, 0), /window must be a positive integer/);
  });

  it('finds each drop larger than f·(L[0] − min L) at its centre, and none on a flat or rising curve', () => {
    const drops = [{ at: 60, size: 2 }, { at: 150, size: 1 }, { at: 260, size: 0.5 }];
    const d = detectLossDropStages(stepCurve(320, 4, drops, 6));
    assert.equal(d.window, 10);
    assert.ok(Math.abs(d.threshold - 0.1 * 3.5) < 0.01, `threshold ${d.threshold}`);
    assert.deepEqual(d.boundaries, [60, 150, 260]);
    assert.deepEqual(d.segments, [{ from: 0, to: 60 }, { from: 60, to: 150 }, { from: 150, to: 260 }, { from: 260, to: 320 }]);
    assert.deepEqual(detectLossDropStages(new Array(50).fill(1)).boundaries, []);
    assert.deepEqual(detectLossDropStages(Array.from({ length: 50 }, (_, i) => i)).boundaries, []);
  });

  it('leaves out a drop below the threshold fraction and keeps it at a lower fraction; tolerates noise', () => {
    const drops = [{ at: 80, size: 3 }, { at: 200, size: 0.2 }];
    const curve = stepCurve(300, 4, drops, 4, 0.01, 3);
    assert.deepEqual(detectLossDropStages(curve).boundaries, [80]);
    const low = detectLossDropStages(curve, { fraction: 0.03 });
    assert.equal(low.boundaries.length, 2);
    assert.equal(low.boundaries[0], 80);
    assert.ok(Math.abs(low.boundaries[1] - 200) <= 2, `second boundary ${low.boundaries[1]}`);
  });

  it('two drops closer than the window form one region with one boundary, at the larger', () => {
    const d = detectLossDropStages(stepCurve(200, 4, [{ at: 100, size: 2 }, { at: 106, size: 1 }], 2));
    assert.equal(d.boundaries.length, 1);
    assert.ok(d.boundaries[0] >= 100 && d.boundaries[0] <= 106, `boundary ${d.boundaries[0]}`);
  });

  it('shortens the window to ⌊n/4⌋ on short curves and refuses non-finite values, naming the point', () => {
    assert.equal(effectiveDropWindow(20, 10), 5);
    assert.equal(effectiveDropWindow(3, 10), 1);
    const d = detectLossDropStages([5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.equal(d.window, 3);
    assert.deepEqual(d.boundaries, [4]);
    assert.throws(() => detectLossDropStages([1, 2, NaN, 0]), /non-finite value at point 2/);
    assert.throws(() => detectLossDropStages([1, 0], { fraction: 0 }), /fraction must be in \(0, 1\]/);
    assert.deepEqual(detectLossDropStages([3]).segments, [{ from: 0, to: 1 }]);
    assert.deepEqual(segmentsOf([], 4), [{ from: 0, to: 4 }]);
  });
});
