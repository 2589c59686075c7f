import { liveUnits } from './deadUnits';
import { foldMoments } from './foldMoments';
import { FoldOptions, kFolds } from './kfold';
import { semiMatchingUnits, softMatchingUnits, type FoldUnits } from './matching';
import { Representation, checkPair, selectUnits } from './representation';
import { ridgeFolds, sampleLayerNorm } from './ridgePredictivity';
import { AlignmentMetric, AlignmentScore, summarise, unitScores } from './score';

export interface AlignmentScores {
  semi?: AlignmentScore;
  soft?: AlignmentScore;
  ridge?: AlignmentScore;
}

export interface AlignmentScoreOptions extends FoldOptions {
  /** Which metrics to compute (default all three). */
  metrics?: readonly AlignmentMetric[];
  /** Also give each target unit's score (`perUnit`): its match, its transported correlation, its ridge cosine. */
  perUnit?: boolean;
}

/**
 * sae-methods §5.2's metrics from source X [n, p] to target Y [n, q] (the same n stimuli, row for row), under
 * one cross-validation: K folds as scikit-learn's shuffled KFold (default 5, seed 42), units dead in the training
 * or test part of any fold removed from both, each metric scored per fold and averaged. The definitions are the
 * authors' code at its paper-era commit 96006be (the paper body was not read, sae-methods §8.2); the earlier
 * b589eb7 ridge (column-centred, Pearson, no layer norm) is not offered.
 */
export async function alignmentScores(x: Representation, y: Representation, options: AlignmentScoreOptions = {}): Promise<AlignmentScores> {
  checkPair(x, y);
  const metrics = new Set(options.metrics ?? ['semi-matching', 'soft-matching', 'ridge']);
  const folds = kFolds(x.rows, options);
  const xs = selectUnits(x, liveUnits(x, folds));
  const liveTargets = liveUnits(y, folds);
  const ys = selectUnits(y, liveTargets);
  if (xs.units === 0 || ys.units === 0) {
    throw new RangeError(`no live units left (source ${xs.units} of ${x.units}, target ${ys.units} of ${y.units}): every unit is all zero in some fold`);
  }
  const ks = Array.from({ length: folds.count }, (_, k) => k);
  const score = (metric: AlignmentMetric, fits: FoldUnits[]): AlignmentScore => ({
    ...summarise(metric, fits.map((f) => f.score), xs.units, ys.units),
    ...(options.perUnit ? { perUnit: unitScores(liveTargets, fits.map((f) => f.units)) } : {}),
  });
  const out: AlignmentScores = {};
  if (metrics.has('semi-matching') || metrics.has('soft-matching')) {
    const m = foldMoments(xs, ys, folds);
    if (metrics.has('semi-matching')) out.semi = score('semi-matching', ks.map((k) => semiMatchingUnits(m, k)));
    if (metrics.has('soft-matching')) out.soft = score('soft-matching', ks.map((k) => softMatchingUnits(m, k)));
  }
  if (metrics.has('ridge')) {
    const xn = sampleLayerNorm(xs);
    const yn = sampleLayerNorm(ys);
    const fits = await ridgeFolds(xn, xs.units, yn, ys.units, folds);
    out.ridge = { ...score('ridge', fits), alphas: fits.map((f) => f.alpha) };
  }
  return out;
}
