import { Tensor } from '../../graph/graph';
import { mul, sub } from '../../graph/ops/elementwise';
import { gather } from '../../graph/ops/indexing';
import { gemm } from '../../graph/ops/linalg';
import { reduceSum } from '../../graph/ops/reduce';
import { HierarchicalData } from './hierarchicalData';

/**
 * Per-sample losses ℓ_i = ½‖y_i − W2 W1 e_i‖² [B] of the two-layer linear network for the items `items` [B]
 * (int64). Inputs are one-hot, so W1 e_i is column i of W1 and is gathered rather than multiplied.
 * Shapes: w1 [H, n], w2 [F, H], targets [F, n] (column i is y_i).
 */
export function deepLinearPerSampleLosses(w1: Tensor, w2: Tensor, targets: Tensor, items: Tensor): Tensor {
  const hidden = gather(w1, items, 1);
  const residual = sub(gather(targets, items, 1), gemm(w2, hidden));
  return mul(reduceSum(mul(residual, residual), [0]), 0.5);
}

/** W2 W1 [F, n] in float64 from row-major w1 [H, n] and w2 [F, H]. */
export function linearMap(w1: ArrayLike<number>, w2: ArrayLike<number>, hidden: number, features: number, items: number): Float64Array {
  const product = new Float64Array(features * items);
  for (let f = 0; f < features; f++) {
    for (let h = 0; h < hidden; h++) {
      const a = w2[f * hidden + h];
      for (let i = 0; i < items; i++) product[f * items + i] += a * w1[h * items + i];
    }
  }
  return product;
}

/**
 * Progress of each mode group: π = Σ_k u_kᵀ (W/n) v_k / Σ_k s_k over the group's modes, 0 at W = 0 and 1 once
 * the network maps every item to its target. Summing over a group makes it independent of the choice of
 * singular vectors inside the group's degenerate subspace.
 */
export function modeProgress(map: ArrayLike<number>, data: HierarchicalData): number[] {
  const n = data.items.length;
  const projected = data.groups.map(() => 0);
  const strength = data.groups.map(() => 0);
  for (const m of data.modes) {
    let uwv = 0;
    for (let f = 0; f < m.left.length; f++) {
      let wv = 0;
      for (let i = 0; i < n; i++) wv += map[f * n + i] * m.right[i];
      uwv += m.left[f] * wv;
    }
    projected[m.group] += uwv / n;
    strength[m.group] += m.strength;
  }
  return projected.map((p, g) => p / strength[g]);
}

/**
 * The progress each mode grows from, π0 = ‖α + β‖² / (4 n s) with α = W2ᵀu, β = W1 v at initialisation: from
 * small weights, gradient descent amplifies α + β by (1 + lr·s) per step and damps α − β, so W2 W1's
 * component on the mode becomes ‖(α + β)/2‖²·(1 + lr·s)^2t, whatever its initial value α·β.
 */
export function effectiveInitialProgress(w1: ArrayLike<number>, w2: ArrayLike<number>, hidden: number, data: HierarchicalData): number[] {
  const n = data.items.length;
  return data.modes.map((m) => {
    let sq = 0;
    for (let h = 0; h < hidden; h++) {
      let alpha = 0, beta = 0;
      for (let f = 0; f < m.left.length; f++) alpha += w2[f * hidden + h] * m.left[f];
      for (let i = 0; i < n; i++) beta += w1[h * n + i] * m.right[i];
      sq += (alpha + beta) ** 2;
    }
    return sq / (4 * n * m.strength);
  });
}

/**
 * Saxe et al.'s sigmoidal trajectory of one mode under full-batch gradient descent on the mean of ℓ_i, from
 * aligned, balanced weights: π(t) = 1 / (1 + (1/π0 − 1)·(1 + lr·s)^−2t). (Gradient flow gives dπ/dt =
 * 2·lr·s·π(1 − π); the discrete growth factor (1 + lr·s)² replaces e^{2·lr·s} per step.)
 */
export function sigmoidalModeProgress(initial: number, strength: number, lr: number, step: number): number {
  return 1 / (1 + (1 / initial - 1) * (1 + lr * strength) ** (-2 * step));
}

/** The group means of `sigmoidalModeProgress` (every mode of a group shares s, so the mean is the group's π). */
export function sigmoidalGroupProgress(initial: readonly number[], data: HierarchicalData, lr: number, step: number): number[] {
  const sums = data.groups.map(() => 0);
  const counts = data.groups.map(() => 0);
  data.modes.forEach((m, k) => {
    sums[m.group] += sigmoidalModeProgress(initial[k], m.strength, lr, step);
    counts[m.group]++;
  });
  return sums.map((s, g) => s / counts[g]);
}
