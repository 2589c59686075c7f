import assert from 'node:assert/strict';
import {
  normalCrossingLearningCoefficient,
  reducedRankLearningCoefficient,
  regularLearningCoefficient,
} from '../../../../src/engine/toys/models/regression/learningCoefficients';

describe('theoretical learning coefficients (dynamics-methods §2.2)', () => {
  it('Aoyagi–Watanabe reduced-rank formula: the devinterp cases and the spec checks', () => {
    const cases: [number, number, number, number, number][] = [
      [5, 3, 5, 0, 6.5], // case 1, M+H+N+r odd
      [5, 4, 5, 0, 8], // case 1, even
      [4, 3, 8, 0, 6], // case 2
      [8, 3, 4, 0, 6], // case 3
      [3, 8, 4, 0, 6], // case 4
      [6, 3, 6, 3, 13.5],
      [100, 50, 100, 50, 3750],
    ];
    for (const [M, H, N, r, lambda] of cases) assert.equal(reducedRankLearningCoefficient(M, H, N, r), lambda, `(${M}, ${H}, ${N}, ${r})`);
  });

  it('with M = N = d and H = r it is half the dimension of rank-r matrices, r(2d − r)/2', () => {
    for (const d of [6, 10]) for (let r = 1; r <= d; r++) assert.equal(reducedRankLearningCoefficient(d, r, d, r), (r * (2 * d - r)) / 2);
  });

  it('rejects a true rank above min(M, H, N)', () => {
    assert.throws(() => reducedRankLearningCoefficient(6, 2, 6, 3), /r ≤ min/);
  });

  it('normal crossing: λ = 1/(2 max k), multiplicity = how many powers reach the max', () => {
    assert.deepEqual(normalCrossingLearningCoefficient([0, 1]), { lambda: 0.5, multiplicity: 1 });
    assert.deepEqual(normalCrossingLearningCoefficient([1, 1]), { lambda: 0.5, multiplicity: 2 });
    assert.deepEqual(normalCrossingLearningCoefficient([1, 2]), { lambda: 0.25, multiplicity: 1 });
    assert.deepEqual(normalCrossingLearningCoefficient([3, 3]), { lambda: 1 / 6, multiplicity: 2 });
    assert.throws(() => normalCrossingLearningCoefficient([0, 0]), /at least one/);
  });

  it('a regular model with d parameters has λ = d/2', () => {
    assert.equal(regularLearningCoefficient(5), 2.5);
  });
});
