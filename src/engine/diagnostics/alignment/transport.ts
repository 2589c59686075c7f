/**
 * Exact optimal transport between uniform marginals (the "exact EMD" that soft-matching needs):
 *   P* = argmin ⟨P, C⟩ over P ≥ 0 with P·1 = 1/p (rows) and Pᵀ·1 = 1/q (columns).
 * Scaled by pq/g (g = gcd(p, q)) this is an integer transportation problem: row i supplies q/g units, column j
 * demands p/g. It is solved by successive shortest paths in the primal–dual (Hungarian) form: duals u, v keep
 * every reduced cost C_ij − u_i − v_j ≥ 0, flow only moves on zero-reduced-cost cells, and each round a
 * Dijkstra search over the residual network finds the cheapest path from a row with supply left to a column
 * with demand left, updates the duals along it and pushes as many units as the path allows. Flows stay
 * integers, so the plan is exact; optimality is certified by the duals (⟨P, C⟩ = Σ u_i/p + Σ v_j/q).
 * For p = q it is the assignment problem and P* is a permutation matrix over p.
 */
export interface TransportPlan {
  rows: number;
  cols: number;
  /** P* [rows, cols], row-major; entries are multiples of g/(pq). */
  plan: Float64Array;
  /** ⟨P*, C⟩. */
  cost: number;
  /** Dual potentials: u_i + v_j ≤ C_ij everywhere, with equality where P*_ij > 0. */
  rowPotential: Float64Array;
  colPotential: Float64Array;
}

export function uniformTransport(cost: ArrayLike<number>, rows: number, cols: number): TransportPlan {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) throw new RangeError(`transport needs at least one row and column, got ${rows} × ${cols}`);
  if (cost.length !== rows * cols) throw new RangeError(`expected ${rows}×${cols} costs, got ${cost.length}`);
  for (let k = 0; k < cost.length; k++) if (!Number.isFinite(cost[k])) throw new RangeError(`cost[${k}] = ${cost[k]} is not finite`);
  const g = gcd(rows, cols);
  const flow = solveTransport(cost, rows, cols, cols / g, rows / g);
  const unit = g / (rows * cols);
  const plan = Float64Array.from(flow.amount, (t) => t * unit);
  let total = 0;
  for (let k = 0; k < plan.length; k++) total += plan[k] * cost[k];
  return { rows, cols, plan, cost: total, rowPotential: flow.u, colPotential: flow.v };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

interface Flow {
  amount: Float64Array;
  u: Float64Array;
  v: Float64Array;
}

function solveTransport(cost: ArrayLike<number>, p: number, q: number, supplyEach: number, demandEach: number): Flow {
  const amount = new Float64Array(p * q);
  const supply = new Float64Array(p).fill(supplyEach);
  const demand = new Float64Array(q).fill(demandEach);
  const u = new Float64Array(p);
  const v = new Float64Array(q).fill(Infinity);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) v[j] = Math.min(v[j], cost[i * q + j]);
  const rowDist = new Float64Array(p);
  const colDist = new Float64Array(q);
  const rowDone = new Uint8Array(p);
  const colDone = new Uint8Array(q);
  // The path tree: each column's predecessor row; each row's predecessor column (−1 for a starting row).
  const colFrom = new Int32Array(q);
  const rowFrom = new Int32Array(p);
  let remaining = p * supplyEach;
  while (remaining > 0) {
    rowDist.fill(Infinity);
    colDist.fill(Infinity);
    rowDone.fill(0);
    colDone.fill(0);
    for (let i = 0; i < p; i++) {
      if (supply[i] > 0) {
        rowDist[i] = 0;
        rowFrom[i] = -1;
      }
    }
    let target = -1;
    let reach = 0;
    for (;;) {
      // Settle the nearest unsettled node; rows win ties so that zero-length moves are explored first.
      let best = Infinity, bestRow = -1, bestCol = -1;
      for (let i = 0; i < p; i++) if (!rowDone[i] && rowDist[i] < best) [best, bestRow] = [rowDist[i], i];
      for (let j = 0; j < q; j++) if (!colDone[j] && colDist[j] < best) [best, bestRow, bestCol] = [colDist[j], -1, j];
      if (best === Infinity) throw new Error('transport: no augmenting path (the marginals do not balance)');
      if (bestRow >= 0) {
        const i = bestRow;
        rowDone[i] = 1;
        for (let j = 0; j < q; j++) {
          if (colDone[j]) continue;
          const d = best + Math.max(0, cost[i * q + j] - u[i] - v[j]);
          if (d < colDist[j]) {
            colDist[j] = d;
            colFrom[j] = i;
          }
        }
      } else {
        const j = bestCol;
        colDone[j] = 1;
        if (demand[j] > 0) {
          target = j;
          reach = best;
          break;
        }
        // Residual arcs back from column j to the rows that send it flow; their reduced cost is zero.
        for (let i = 0; i < p; i++) {
          if (!rowDone[i] && amount[i * q + j] > 0 && best < rowDist[i]) {
            rowDist[i] = best;
            rowFrom[i] = j;
          }
        }
      }
    }
    for (let i = 0; i < p; i++) if (rowDone[i]) u[i] += reach - rowDist[i];
    for (let j = 0; j < q; j++) if (colDone[j]) v[j] -= reach - colDist[j];

    let push = demand[target];
    for (let j = target; ;) {
      const i = colFrom[j];
      const back = rowFrom[i];
      if (back < 0) {
        push = Math.min(push, supply[i]);
        break;
      }
      push = Math.min(push, amount[i * q + back]);
      j = back;
    }
    demand[target] -= push;
    for (let j = target; ;) {
      const i = colFrom[j];
      amount[i * q + j] += push;
      const back = rowFrom[i];
      if (back < 0) {
        supply[i] -= push;
        break;
      }
      amount[i * q + back] -= push;
      j = back;
    }
    remaining -= push;
  }
  return { amount, u, v };
}
