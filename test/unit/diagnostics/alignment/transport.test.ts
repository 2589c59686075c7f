import assert from 'node:assert/strict';
import { uniformTransport } from '../../../../src/engine/diagnostics/alignment/transport';
import { minCostAssignment } from '../../../../src/engine/sae/metrics/hungarian';
import { Rng } from '../../../../src/engine/util/random';

/**
 * The exact optimum by another route: with L = lcm(p, q), copy row i L/p times and column j L/q times; an
 * optimal assignment of the L × L copies is an optimal transport plan scaled by L (the transportation polytope
 * with these integer marginals has integral vertices).
 */
function costByAssignment(cost: Float64Array, p: number, q: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const l = (p * q) / gcd(p, q);
  const expanded = new Float64Array(l * l);
  for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) expanded[a * l + b] = cost[Math.floor(a / (l / p)) * q + Math.floor(b / (l / q))];
  return minCostAssignment(expanded, l, l).cost / l;
}

function check(cost: Float64Array, p: number, q: number, expand = true): void {
  const t = uniformTransport(cost, p, q);
  for (let i = 0; i < p; i++) {
    let row = 0;
    for (let j = 0; j < q; j++) row += t.plan[i * q + j];
    assert.ok(Math.abs(row - 1 / p) < 1e-15, `row ${i} sums to ${row}`);
  }
  for (let j = 0; j < q; j++) {
    let col = 0;
    for (let i = 0; i < p; i++) col += t.plan[i * q + j];
    assert.ok(Math.abs(col - 1 / q) < 1e-15, `column ${j} sums to ${col}`);
  }
  assert.ok(t.plan.every((v) => v >= 0));
  // Optimality certificate: dual feasibility, complementary slackness, no duality gap.
  let dual = 0;
  for (let i = 0; i < p; i++) dual += t.rowPotential[i] / p;
  for (let j = 0; j < q; j++) dual += t.colPotential[j] / q;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      const reduced = cost[i * q + j] - t.rowPotential[i] - t.colPotential[j];
      assert.ok(reduced > -1e-12, `reduced cost ${reduced} at (${i}, ${j})`);
      if (t.plan[i * q + j] > 0) assert.ok(Math.abs(reduced) < 1e-12, `flow on a cell with reduced cost ${reduced}`);
    }
  }
  assert.ok(Math.abs(dual - t.cost) < 1e-12, `duality gap ${t.cost - dual}`);
  if (expand) assert.ok(Math.abs(t.cost - costByAssignment(cost, p, q)) < 1e-12, `cost ${t.cost} vs the assignment optimum`);
}

describe('exact optimal transport between uniform marginals (soft-matching)', () => {
  it('equals the Hungarian assignment / p when p = q, with a permutation plan', () => {
    const rng = new Rng(1);
    for (const p of [1, 2, 5, 17]) {
      const cost = rng.fillUniform(new Float64Array(p * p));
      check(cost, p, p);
      const t = uniformTransport(cost, p, p);
      assert.ok(Math.abs(t.cost - minCostAssignment(cost, p, p).cost / p) < 1e-12);
      assert.ok(t.plan.every((v) => v === 0 || Math.abs(v - 1 / p) < 1e-15), 'a permutation matrix over p');
    }
  });

  it('is exact on rectangular problems (against the expanded assignment and its own dual certificate)', () => {
    const rng = new Rng(2);
    for (const [p, q] of [[2, 3], [3, 5], [4, 6], [6, 4], [5, 1], [1, 4], [8, 12], [10, 15]]) {
      check(rng.fillUniform(new Float64Array(p * q)), p, q);
      check(Float64Array.from({ length: p * q }, () => rng.int(3)), p, q); // ties everywhere
    }
  });

  it('handles the sizes of a toy comparison (64 latents → 32 neurons) and negative costs', () => {
    const rng = new Rng(3);
    check(rng.fillUniform(new Float64Array(64 * 32), -1, 1), 64, 32);
    check(rng.fillNormal(new Float64Array(61 * 47)), 61, 47, false); // lcm 2867: the dual certificate alone
  });

  it('refuses non-finite costs and empty problems', () => {
    assert.throws(() => uniformTransport([0, NaN], 1, 2), /not finite/);
    assert.throws(() => uniformTransport([], 0, 0), /at least one/);
  });
});
