import { NamedTensor } from '../types';

/** Geometry of the feature rows W_i of a [features, hidden] weight matrix (dynamics-methods §3.3). */
export interface RowGeometry {
  /** ‖W_i‖ per feature. */
  norms: Float64Array;
  /** ‖W_i‖ > threshold per feature. */
  represented: boolean[];
  /** φ: the fraction of features represented. */
  fractionRepresented: number;
  meanNorm: number;
  /**
   * Mean of (Ŵ_i·Ŵ_j)² over pairs i ≠ j of represented rows, Ŵ = W/‖W‖; random unit vectors in R^m give
   * 1/m. Unrepresented rows are left out because their directions carry no feature. NaN below two rows.
   */
  meanSquaredOverlap: number;
}

/**
 * The spec leaves open whether "represented" means ‖W_i‖ > 1/2 or ‖W_i‖² > 1/2 (UNCONFIRMED); we use the
 * norm, as its primary source does, with the threshold as a parameter so the other reading is 1/√2.
 */
export function rowGeometry(w: NamedTensor, threshold = 0.5): RowGeometry {
  const [n, m] = w.shape;
  if (w.shape.length !== 2 || n * m !== w.data.length) throw new RangeError(`expected a [features, hidden] matrix, got [${w.shape.join(', ')}]`);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += w.data[i * m + k] ** 2;
    norms[i] = Math.sqrt(s);
  }
  const represented = Array.from(norms, (r) => r > threshold);
  const rows = represented.flatMap((r, i) => (r ? [i] : []));
  let overlap = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      const i = rows[a], j = rows[b];
      let dot = 0;
      for (let k = 0; k < m; k++) dot += w.data[i * m + k] * w.data[j * m + k];
      overlap += (dot / (norms[i] * norms[j])) ** 2;
    }
  }
  const pairs = (rows.length * (rows.length - 1)) / 2;
  return {
    norms,
    represented,
    fractionRepresented: rows.length / n,
    meanNorm: norms.reduce((a, b) => a + b, 0) / n,
    meanSquaredOverlap: pairs > 0 ? overlap / pairs : NaN,
  };
}
