/** Feature hedging (Feature Hedging, Chanin, Dulka & Garriga-Alonso 2025): single-latent toys, hedging degree, balanced Matryoshka. */
export { hedgingLossCurve, hedgingOptimum, pairFiring, type HedgingOptimum, type LossCurvePoint, type PairFiring } from './analytic';
export { BALANCE_GAMMAS, runBalanceSweep, type BalanceRun, type BalanceSweepOptions, type BalanceSweepResult, type ParentLatent } from './balance';
export { HEDGING_DEGREE_FORMULA, hedgingDegree, type HedgingDegree, type HedgingDegreeInput } from './degree';
export { runHedgingDegree, type HedgingDegreeJobOptions, type HedgingDegreeResult } from './degreeJob';
export { extendWeights } from './extend';
export { matryoshkaL1Loss, matryoshkaL1TrainingGraph, type MatryoshkaL1Options } from './matryoshkaL1';
export { runSingleLatentToy, SINGLE_LATENT_PRESETS, type SingleLatentOptions, type SingleLatentResult } from './singleLatent';
export { defaultRankTolerance, orthonormalBasis, projectionNorms, type Basis } from './subspace';
