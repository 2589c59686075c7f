/**
 * Minimum-cost one-to-one assignment on a rectangular cost matrix (Kuhn–Munkres with row and column potentials,
 * shortest augmenting paths; O(n²m) for n = min(rows, cols) ≤ m = max(rows, cols)). Every row of the smaller
 * side is matched; rows of the larger side may stay unmatched.
 */
export interface Assignment {
  /** Column matched to each row, −1 where the row is unmatched (only when rows > cols). */
  rowToCol: Int32Array;
  /** Σ cost[r, rowToCol[r]] over matched rows. */
  cost: number;
}

/** cost: row-major [rows, cols], finite values. */
export function minCostAssignment(cost: ArrayLike<number>, rows: number, cols: number): Assignment {
  if (cost.length !== rows * cols) throw new RangeError(`expected ${rows}×${cols} costs, got ${cost.length}`);
  for (let k = 0; k < cost.length; k++) {
    if (!Number.isFinite(cost[k])) throw new RangeError(`cost[${k}] = ${cost[k]} is not finite`);
  }
  const transposed = rows > cols;
  const n = Math.min(rows, cols);
  const m = Math.max(rows, cols);
  const at = transposed ? (r: number, c: number) => cost[c * cols + r] : (r: number, c: number) => cost[r * cols + c];
  const matchOfCol = assignRowsToColumns(at, n, m);
  const rowToCol = new Int32Array(rows).fill(-1);
  let total = 0;
  for (let c = 0; c < m; c++) {
    const r = matchOfCol[c];
    if (r < 0) continue;
    const [row, col] = transposed ? [c, r] : [r, c];
    rowToCol[row] = col;
    total += cost[row * cols + col];
  }
  return { rowToCol, cost: total };
}

/**
 * The potentials form of the algorithm for n ≤ m: rows are added one at a time, each by a Dijkstra-like search
 * for the cheapest augmenting path in reduced costs. Index 0 of the column arrays is a virtual column that holds
 * the row being added. Returns, per column, its matched row or −1.
 */
function assignRowsToColumns(at: (r: number, c: number) => number, n: number, m: number): Int32Array {
  const rowPotential = new Float64Array(n + 1);
  const colPotential = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1); // 1-based row, 0 = free
  const previousCol = new Int32Array(m + 1);
  const minReduced = new Float64Array(m + 1);
  const visited = new Uint8Array(m + 1);
  for (let row = 1; row <= n; row++) {
    rowOfCol[0] = row;
    minReduced.fill(Number.POSITIVE_INFINITY);
    visited.fill(0);
    let col = 0;
    do {
      visited[col] = 1;
      const r = rowOfCol[col];
      let delta = Number.POSITIVE_INFINITY;
      let nextCol = 0;
      for (let c = 1; c <= m; c++) {
        if (visited[c]) continue;
        const reduced = at(r - 1, c - 1) - rowPotential[r] - colPotential[c];
        if (reduced < minReduced[c]) {
          minReduced[c] = reduced;
          previousCol[c] = col;
        }
        if (minReduced[c] < delta) {
          delta = minReduced[c];
          nextCol = c;
        }
      }
      for (let c = 0; c <= m; c++) {
        if (visited[c]) {
          rowPotential[rowOfCol[c]] += delta;
          colPotential[c] -= delta;
        } else {
          minReduced[c] -= delta;
        }
      }
      col = nextCol;
    } while (rowOfCol[col] !== 0);
    while (col !== 0) {
      const back = previousCol[col];
      rowOfCol[col] = rowOfCol[back];
      col = back;
    }
  }
  const matchOfCol = new Int32Array(m);
  for (let c = 1; c <= m; c++) matchOfCol[c - 1] = rowOfCol[c] - 1;
  return matchOfCol;
}
