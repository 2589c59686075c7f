import assert from 'node:assert/strict';
import { alignmentScores } from '../../../../src/engine/diagnostics/alignment/alignmentScores';
import { liveUnits } from '../../../../src/engine/diagnostics/alignment/deadUnits';
import { kFolds } from '../../../../src/engine/diagnostics/alignment/kfold';
import { Representation } from '../../../../src/engine/diagnostics/alignment/representation';
import { Rng } from '../../../../src/engine/util/random';
import { assertClose, permuted, pythonFixture, randomRotation, times } from './helpers';

const gaussian = (rows: number, units: number, seed: number): Representation => ({ data: new Rng(seed).fillNormal(new Float64Array(rows * units)), rows, units });

describe('alignment metrics (sae-methods §5.2, §7 T9 quick tests)', () => {
  it('X = Y: semi = soft = 1 and ridge ≈ 1', async () => {
    const y = gaussian(1000, 12, 1);
    const s = await alignmentScores(y, y);
    assert.ok(Math.abs(s.semi!.mean - 1) < 1e-12, `semi ${s.semi!.mean}`);
    assert.ok(Math.abs(s.soft!.mean - 1) < 1e-12, `soft ${s.soft!.mean}`);
    assert.ok(s.ridge!.mean > 0.9999, `ridge ${s.ridge!.mean}`);
  });

  it('X = Y·Π (a permutation of units): semi = soft = 1', async () => {
    const y = gaussian(1000, 12, 2);
    const s = await alignmentScores(permuted(y, [3, 7, 0, 11, 5, 1, 9, 2, 10, 4, 8, 6]), y);
    assert.ok(Math.abs(s.semi!.mean - 1) < 1e-12 && Math.abs(s.soft!.mean - 1) < 1e-12, `semi ${s.semi!.mean}, soft ${s.soft!.mean}`);
    assert.ok(s.ridge!.mean > 0.9999, `ridge ${s.ridge!.mean}`);
  });

  it('X = Y·R (a random rotation of dense units): semi and soft well below 1, ridge ≈ 1', async () => {
    const y = gaussian(2000, 32, 3);
    const s = await alignmentScores(times(y, randomRotation(32, new Rng(4)), 32), y);
    assert.ok(s.semi!.mean < 0.6 && s.soft!.mean < 0.6, `semi ${s.semi!.mean}, soft ${s.soft!.mean}`);
    // Not exactly 1: the per-sample layer norm does not commute with a rotation (each row's mean and spread change).
    assert.ok(s.ridge!.mean > 0.97, `ridge ${s.ridge!.mean}`);
  });

  it('agrees with the Python reference (sklearn KFold and RidgeCV, POT ot.emd) fold by fold', async () => {
    const { x, y } = pythonFixture();
    const s = await alignmentScores(x, y);
    assertClose(s.semi!.folds, [0.8043985350551907, 0.8730441542779102, 0.7337732732497315, 0.691917607313575, 0.801439748581992], 1e-12, 'semi');
    assertClose(s.soft!.folds, [0.7120993131505045, 0.7123924282034593, 0.5774718581307153, 0.6456043267393519, 0.6908816995467264], 1e-12, 'soft');
    assertClose(s.ridge!.folds, [0.9423420390031982, 0.934346582692551, 0.8754121479525762, 0.8989313928701474, 0.916584522610763], 1e-9, 'ridge');
    assert.deepEqual(s.ridge!.alphas, [0.1, 0.1, 0.1, 1, 0.1]);
    const mean = s.semi!.folds.reduce((a, b) => a + b) / 5;
    assert.ok(Math.abs(s.semi!.mean - mean) < 1e-15);
    const sd = Math.sqrt(s.semi!.folds.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    assert.ok(Math.abs(s.semi!.sem - sd / Math.sqrt(5)) < 1e-15, 'SEM over folds with the n − 1 standard deviation');
  });

  it('draws scikit-learn\'s KFold(5, shuffle=True, random_state=42) folds', () => {
    const testRows = (n: number) => {
      const f = kFolds(n);
      return Array.from({ length: 5 }, (_, k) => [...f.foldOf].flatMap((v, i) => (v === k ? [i] : [])));
    };
    assert.deepEqual(testRows(10), [[1, 8], [0, 5], [2, 7], [4, 9], [3, 6]]);
    assert.deepEqual(testRows(12), [[0, 9, 10], [2, 5, 8], [1, 11], [4, 7], [3, 6]]);
    const big = kFolds(10000);
    assert.deepEqual(big.sizes, [2000, 2000, 2000, 2000, 2000]);
    assert.equal(big.foldOf.reduce((sum, k, i) => sum + i * k, 0), 100821179);
    assert.deepEqual(testRows(10000).map((rows) => rows.slice(0, 3)), [[0, 3, 8], [26, 27, 30], [2, 15, 28], [6, 7, 16], [1, 4, 5]]);
  });

  it('is deterministic, and the folds follow the CV seed', async () => {
    const x = gaussian(500, 6, 5);
    const y = times(x, new Rng(6).fillNormal(new Float64Array(6 * 4)), 4);
    for (let i = 0; i < y.data.length; i++) y.data[i] += 0.5 * Math.sin(i);
    const [first, again, other] = [await alignmentScores(x, y), await alignmentScores(x, y), await alignmentScores(x, y, { seed: 7 })];
    assert.deepEqual(first, again);
    assert.notDeepEqual(first.semi!.folds, other.semi!.folds);
  });

  it('removes units that are all zero in the training or test part of any fold, from both sides', async () => {
    const rows = 100;
    const folds = kFolds(rows);
    const inFold0 = [...folds.foldOf].map((k) => k === 0);
    const x = gaussian(rows, 4, 8);
    for (let r = 0; r < rows; r++) {
      x.data[r * 4 + 1] = 0; // dead everywhere
      if (!inFold0[r]) x.data[r * 4 + 2] = 0; // fires only in fold 0: zero in fold 0's training part
      if (inFold0[r]) x.data[r * 4 + 3] = 0; // silent only in fold 0's test part
    }
    assert.deepEqual([...liveUnits(x, folds)], [0]);
    const y = gaussian(rows, 3, 9);
    const s = await alignmentScores(y, x, { metrics: ['semi-matching'] });
    assert.equal(s.semi!.targetUnits, 1);
    assert.equal(s.soft, undefined);
    assert.equal(s.ridge, undefined);
  });

  it('refuses representations of different stimuli', async () => {
    await assert.rejects(alignmentScores(gaussian(100, 3, 1), gaussian(99, 3, 2)), /same rows/);
  });
});
