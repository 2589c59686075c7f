import { probeFold, stratifiedFolds, type FoldScores } from './linearProbe';

/** A score's mean over folds and its sample standard deviation across them. */
export interface FoldedScore {
  mean: number;
  std: number;
}

export interface CrossValidatedProbe {
  folds: number;
  logistic: { auc: FoldedScore; accuracy: FoldedScore };
  meanDifference: { auc: FoldedScore; accuracy: FoldedScore };
  perFold: FoldScores[];
}

/**
 * k-fold cross-validated probes on stratified folds (see stratifiedFolds): each fold is held out once while the
 * probes train on the others. k = 2 trains on one half and scores the other, both ways round.
 */
export function crossValidatedProbe(features: ArrayLike<number>, labels: ArrayLike<number>, d: number, folds: number): CrossValidatedProbe {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const parts = stratifiedFolds(labels, folds);
  const perFold = parts.map((test, f) => probeFold(features, labels, d, parts.flatMap((rows, g) => (g === f ? [] : rows)), test));
  const summary = (key: keyof FoldScores): FoldedScore => {
    const values = perFold.map((s) => s[key]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return { mean, std: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, values.length - 1)) };
  };
  return {
    folds,
    logistic: { auc: summary('logisticAuc'), accuracy: summary('logisticAccuracy') },
    meanDifference: { auc: summary('meanDifferenceAuc'), accuracy: summary('meanDifferenceAccuracy') },
    perFold,
  };
}
