import { Folds } from './kfold';
import { Representation } from './representation';

/**
 * The units that survive sae-methods §5.2's dead-unit removal: a unit is dropped when it is all zero in the
 * training or the test part of any fold (its correlations would be 0/0 there). Returns the kept column indices.
 */
export function liveUnits(r: Representation, folds: Folds): Int32Array {
  const nonzero = new Float64Array(folds.count * r.units);
  for (let i = 0; i < r.rows; i++) {
    const base = folds.foldOf[i] * r.units;
    const row = i * r.units;
    for (let c = 0; c < r.units; c++) if (r.data[row + c] !== 0) nonzero[base + c]++;
  }
  const keep: number[] = [];
  for (let c = 0; c < r.units; c++) {
    let total = 0;
    for (let k = 0; k < folds.count; k++) total += nonzero[k * r.units + c];
    let alive = true;
    for (let k = 0; k < folds.count && alive; k++) {
      const test = nonzero[k * r.units + c];
      alive = test > 0 && total - test > 0;
    }
    if (alive) keep.push(c);
  }
  return Int32Array.from(keep);
}
