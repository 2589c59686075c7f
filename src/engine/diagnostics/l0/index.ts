/** Sparse but Wrong's L0 diagnostics: proxy metrics of the decoder, the ground-truth SAE, sweeps, and L0 in training. */
export { decoderPairwiseCosine } from './decoderCosine';
export { decoderProjection, type DecoderWeights } from './decoderProjection';
export { groundTruthSae } from './groundTruthSae';
export { evaluateAtL0 } from './evaluateAtL0';
export { elbowIndex, type CurvePoint } from './elbow';
export { recommendL0, ELBOW_RULE, MINIMUM_RULE, type L0Recommendation } from './recommend';
export { runL0Sweep, DEFAULT_COEFFICIENTS, DEFAULT_L0S, type L0SweepEntry, type L0SweepIo, type L0SweepParams, type L0SweepResult, type SweepArchitecture } from './sweep';
export { trainStackedBatchTopK, type StackedProgress, type StackedTrainOptions, type StackedTrainResult } from './stackedTrainer';
export { batchTopKCut, keepCount } from './batchCut';
export { scheduledK, type L0Schedule } from './l0Schedule';
export { L0Search, type L0SearchOptions, type L0SearchPoint } from './l0Search';
