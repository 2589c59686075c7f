import assert from 'node:assert/strict';
import { minCostAssignment } from '../../../../src/engine/sae/metrics';
import { Rng } from '../../../../src/engine/util/random';
import { assertClose } from './helpers';

/** The least total cost over every one-to-one matching of the smaller side into the larger, by enumeration. */
function bruteForceMinCost(cost: Float64Array, rows: number, cols: number): number {
  const small = Math.min(rows, cols);
  const large = Math.max(rows, cols);
  const at = (s: number, l: number) => (rows <= cols ? cost[s * cols + l] : cost[l * cols + s]);
  const used = new Array<boolean>(large).fill(false);
  const search = (s: number): number => {
    if (s === small) return 0;
    let best = Number.POSITIVE_INFINITY;
    for (let l = 0; l < large; l++) {
      if (used[l]) continue;
      used[l] = true;
      best = Math.min(best, at(s, l) + search(s + 1));
      used[l] = false;
    }
    return best;
  };
  return search(0);
}

function assertValidAssignment(rowToCol: Int32Array, rows: number, cols: number): void {
  const matched = [...rowToCol].filter((c) => c >= 0);
  assert.equal(matched.length, Math.min(rows, cols), 'every row of the smaller side is matched');
  assert.equal(new Set(matched).size, matched.length, 'no column is used twice');
  assert.ok(matched.every((c) => c < cols));
}

describe('sae/metrics hungarian', () => {
  it('solves a hand-checked 3 × 3 case', () => {
    // cost[r][c] = (r + 1)(c + 1): by the rearrangement inequality the unique optimum pairs large with small,
    // the anti-diagonal 3 + 4 + 3 = 10, while greedy (row 0 takes its cheapest, col 0) ends at 1 + 4 + 9 = 14.
    const cost = Float64Array.from([1, 2, 3, 2, 4, 6, 3, 6, 9]);
    const { rowToCol, cost: total } = minCostAssignment(cost, 3, 3);
    assert.deepEqual(rowToCol, Int32Array.from([2, 1, 0]));
    assert.equal(total, 10);
  });

  it('matches brute force on 30 random square and rectangular matrices', () => {
    const rng = new Rng(2024);
    const shapes = [
      [1, 1], [1, 4], [4, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [2, 5], [5, 2],
      [3, 6], [6, 3], [4, 6], [6, 4], [3, 5], [5, 3], [1, 6], [6, 1], [2, 3], [3, 2],
      [4, 5], [5, 4], [5, 6], [6, 5], [2, 6], [6, 2], [3, 4], [4, 3], [6, 6], [5, 5],
    ];
    assert.equal(shapes.length, 30);
    for (const [rows, cols] of shapes) {
      // Integer costs make ties (several optima) common, which is where a wrong augmentation shows.
      const integral = rng.uniform() < 0.5;
      const cost = new Float64Array(rows * cols).map(() => (integral ? rng.int(5) : rng.normal()));
      const { rowToCol, cost: total } = minCostAssignment(cost, rows, cols);
      assertValidAssignment(rowToCol, rows, cols);
      let recomputed = 0;
      rowToCol.forEach((c, r) => (recomputed += c >= 0 ? cost[r * cols + c] : 0));
      assertClose(total, recomputed, 1e-12, `${rows}×${cols} reported cost`);
      assertClose(total, bruteForceMinCost(cost, rows, cols), 1e-12, `${rows}×${cols} optimum`);
    }
  });

  it('rejects costs it cannot use', () => {
    assert.throws(() => minCostAssignment([1, 2, 3], 2, 2), RangeError);
    assert.throws(() => minCostAssignment([1, Number.NaN, 3, 4], 2, 2), RangeError);
  });
});
