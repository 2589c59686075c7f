import assert from 'node:assert/strict';
import { clipToCorrelation, randomCorrelationMatrix, ToyConfigError } from '../../../src/engine/toys';
import { checkedCorrelation } from '../../../src/engine/toys/correlation';
import { symmetricEigen } from '../../../src/engine/toys/linalg';
import { Rng } from '../../../src/engine/util/random';

function assertCorrelationMatrix(c: Float64Array, g: number): void {
  for (let i = 0; i < g; i++) {
    assert.equal(c[i * g + i], 1, `C[${i}][${i}]`);
    for (let j = 0; j < g; j++) assert.equal(c[i * g + j], c[j * g + i], `symmetric at (${i}, ${j})`);
  }
  const { values } = symmetricEigen(c, g);
  assert.ok(Math.min(...values) > -1e-12, `smallest eigenvalue ${Math.min(...values)}`);
}

describe('toys/correlation', () => {
  it('random correlation matrices (spec §2.2) are symmetric PSD with a unit diagonal', () => {
    for (const seed of [42, 7]) {
      const c = randomCorrelationMatrix(50, { positiveRatio: 0.5, strength: [0.3, 0.9], sparsity: 0.3 }, new Rng(seed));
      assertCorrelationMatrix(c, 50);
      const off = Array.from(c).filter((_, k) => k % 51 !== 0);
      assert.ok(off.some((x) => x > 0.02) && off.some((x) => x < -0.02), 'has sizeable correlations of both signs');
    }
  });

  it('follows the reference steps exactly when no repair is needed', () => {
    // Strengths ≤ 0.02 over 19 neighbours keep the matrix diagonally dominant, hence PSD and untouched by the repair.
    const g = 20;
    const pairs = (g * (g - 1)) / 2;
    const c = randomCorrelationMatrix(g, { positiveRatio: 0.3, strength: [0.01, 0.02], sparsity: 0.25 }, new Rng(5));
    const upper = [];
    for (let i = 0; i < g; i++) for (let j = i + 1; j < g; j++) upper.push(c[i * g + j]);
    const correlated = pairs - Math.floor(pairs * 0.25);
    assert.equal(upper.filter((x) => Math.abs(x) < 1e-12).length, pairs - correlated, 'uncorrelated pairs');
    assert.equal(upper.filter((x) => x > 1e-12).length, Math.floor(correlated * 0.3), 'positive pairs');
    for (const x of upper) if (Math.abs(x) > 1e-12) assert.ok(Math.abs(x) >= 0.01 - 1e-12 && Math.abs(x) <= 0.02 + 1e-12, `|C_ij| = ${x}`);
  });

  it('is seeded: the same generator state gives the same matrix', () => {
    const options = { positiveRatio: 0.5, strength: [0.3, 0.9], sparsity: 0.3 } as const;
    assert.deepEqual(randomCorrelationMatrix(10, options, new Rng(1)), randomCorrelationMatrix(10, options, new Rng(1)));
    assert.notDeepEqual(randomCorrelationMatrix(10, options, new Rng(1)), randomCorrelationMatrix(10, options, new Rng(2)));
  });

  it('handles the corner cases: full sparsity gives the identity, one pair keeps its value and sign', () => {
    const identity = randomCorrelationMatrix(4, { positiveRatio: 0.5, strength: [0.3, 0.9], sparsity: 1 }, new Rng(1));
    assert.deepEqual(Array.from(identity), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const positive = randomCorrelationMatrix(2, { positiveRatio: 1, strength: [0.3, 0.9], sparsity: 0 }, new Rng(1));
    assert.ok(positive[1] >= 0.3 && positive[1] <= 0.9);
    const negative = randomCorrelationMatrix(2, { positiveRatio: 0, strength: [0.3, 0.9], sparsity: 0 }, new Rng(1));
    assert.ok(negative[1] <= -0.3 && negative[1] >= -0.9);
    assert.throws(() => randomCorrelationMatrix(3, { positiveRatio: 2, strength: [0.3, 0.9], sparsity: 0 }, new Rng(1)), ToyConfigError);
  });

  it('repairs an indefinite matrix by clipping eigenvalues, and leaves a PSD one alone', () => {
    const bad = [1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1];
    const fixed = checkedCorrelation(bad, 3);
    assertCorrelationMatrix(fixed, 3);
    assert.ok(fixed[1] > 0 && fixed[2] > 0 && fixed[5] < 0, 'signs survive the repair');
    const good = [1, 0.5, 0.5, 1];
    assert.deepEqual(Array.from(checkedCorrelation(good, 2)), good);
    const clipped = clipToCorrelation(good, 2);
    assert.ok(Math.abs(clipped[1] - 0.5) < 1e-12);
  });

  it('rejects matrices that are not correlation matrices', () => {
    assert.throws(() => checkedCorrelation([1, 0.5, 0.4, 1], 2), /symmetric/);
    assert.throws(() => checkedCorrelation([2, 0, 0, 1], 2), /diagonal must be 1/);
    assert.throws(() => checkedCorrelation([1, 0, 0], 2), /3 entries; 2 features need 4/);
  });
});
