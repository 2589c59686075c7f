export type AlignmentMetric = 'semi-matching' | 'soft-matching' | 'ridge';

/** One metric between a source and a target representation, cross-validated. */
export interface AlignmentScore {
  metric: AlignmentMetric;
  /** Mean of the fold scores. */
  mean: number;
  /** Standard error of that mean over folds: sd (n − 1 denominator) / √folds. */
  sem: number;
  folds: number[];
  /** Units left after dead-unit removal. */
  sourceUnits: number;
  targetUnits: number;
  /** Ridge only: the α RidgeCV chose in each fold. */
  alphas?: number[];
  /** When asked for: each live target unit (its column in the target) and its score, the mean over folds of its part. */
  perUnit?: UnitScores;
}

export interface UnitScores {
  unit: number[];
  score: number[];
}

/** Each unit's mean over folds of its per-fold parts (`folds[k][j]` for live target unit j, column `live[j]`). */
export function unitScores(live: Int32Array, folds: Float64Array[]): UnitScores {
  return { unit: Array.from(live), score: Array.from(live, (_, j) => folds.reduce((a, f) => a + f[j], 0) / folds.length) };
}

export function summarise(metric: AlignmentMetric, folds: number[], sourceUnits: number, targetUnits: number): AlignmentScore {
  const k = folds.length;
  const mean = folds.reduce((a, b) => a + b, 0) / k;
  const variance = folds.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  return { metric, mean, sem: Math.sqrt(variance / k), folds, sourceUnits, targetUnits };
}
