import assert from 'node:assert/strict';
import { ToyConfigError } from '../../../src/engine/toys';
import { featureDirections } from '../../../src/engine/toys/directions';
import { Rng } from '../../../src/engine/util/random';
import { gramError } from './helpers';

/** Σ_{i≠j} cos²(f_i, f_j) and max |cos| over distinct pairs. */
function overlaps(f: Float32Array, g: number, d: number): { sumSquares: number; max: number } {
  let sumSquares = 0;
  let max = 0;
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      if (i === j) continue;
      let dot = 0;
      for (let k = 0; k < d; k++) dot += f[i * d + k] * f[j * d + k];
      sumSquares += dot * dot;
      max = Math.max(max, Math.abs(dot));
    }
  }
  return { sumSquares, max };
}

function assertUnitRows(f: Float32Array, g: number, d: number): void {
  for (let i = 0; i < g; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += f[i * d + k] ** 2;
    assert.ok(Math.abs(Math.sqrt(s) - 1) < 1e-6, `row ${i} norm ${Math.sqrt(s)}`);
  }
}

describe('toys/directions', () => {
  it('orthogonal directions are orthonormal to 1e-5', () => {
    for (const [g, d] of [
      [50, 100],
      [5, 20],
      [64, 64],
    ]) {
      assert.ok(gramError(featureDirections({ kind: 'orthogonal' }, g, d, new Rng(1)), g, d) < 1e-5, `${g} in ${d}`);
    }
  });

  it('basis directions are the standard basis', () => {
    assert.deepEqual(Array.from(featureDirections({ kind: 'basis' }, 2, 3, new Rng(0))), [1, 0, 0, 0, 1, 0]);
  });

  it('orthogonal and basis directions need features ≤ d', () => {
    assert.throws(() => featureDirections({ kind: 'orthogonal' }, 5, 4, new Rng(0)), ToyConfigError);
    assert.throws(() => featureDirections({ kind: 'basis' }, 5, 4, new Rng(0)), /features ≤ d/);
  });

  it('optimized directions in superposition approach a tight frame (Σ cos² = g²/d − g)', () => {
    const [g, d] = [50, 40];
    const random = featureDirections({ kind: 'random' }, g, d, new Rng(3));
    const optimized = featureDirections({ kind: 'optimized', steps: 1000, lr: 0.01, targetCos: 0 }, g, d, new Rng(3));
    assertUnitRows(random, g, d);
    assertUnitRows(optimized, g, d);
    const before = overlaps(random, g, d);
    const after = overlaps(optimized, g, d);
    const frameBound = (g * g) / d - g;
    assert.ok(before.sumSquares > 3 * frameBound, `random Σcos² ${before.sumSquares}`);
    assert.ok(Math.abs(after.sumSquares - frameBound) < 0.01 * frameBound, `optimized Σcos² ${after.sumSquares} vs ${frameBound}`);
    assert.ok(after.max < before.max, `max |cos| ${after.max} vs ${before.max}`);
  });

  it('a few optimisation steps leave small overlaps (the small toy superposition variant)', () => {
    const [g, d] = [5, 20];
    const few = overlaps(featureDirections({ kind: 'optimized', steps: 4, lr: 0.01, targetCos: 0 }, g, d, new Rng(4)), g, d);
    const none = overlaps(featureDirections({ kind: 'random' }, g, d, new Rng(4)), g, d);
    assert.ok(few.max > 0.005 && few.max < none.max, `max |cos| after 4 steps ${few.max}, before ${none.max}`);
  });

  it('a target cosine pulls the pairwise overlaps towards it', () => {
    const [g, d] = [6, 20];
    const f = featureDirections({ kind: 'optimized', steps: 1000, lr: 0.01, targetCos: 0.3 }, g, d, new Rng(5));
    for (let i = 0; i < g; i++) {
      for (let j = i + 1; j < g; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += f[i * d + k] * f[j * d + k];
        assert.ok(Math.abs(dot - 0.3) < 0.02, `cos(f${i}, f${j}) = ${dot}`);
      }
    }
  });

  it('the same generator state gives the same directions', () => {
    const a = featureDirections({ kind: 'orthogonal' }, 10, 20, new Rng(9));
    assert.deepEqual(a, featureDirections({ kind: 'orthogonal' }, 10, 20, new Rng(9)));
    assert.notDeepEqual(a, featureDirections({ kind: 'orthogonal' }, 10, 20, new Rng(10)));
  });
});
