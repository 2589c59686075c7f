import { MetricsAccumulator } from './accumulator';

export { MetricsAccumulator, type ReconstructionStats } from './accumulator';
export {
  deadCount,
  deadFraction,
  denseFraction,
  densityHistogram,
  latentDensities,
  type DensityHistogram,
  type DensityHistogramOptions,
} from './density';
export {
  decoderMaxCosine,
  encoderMaxCosine,
  maxCosine,
  maxCosineScan,
  nearestLatents,
  summarizeMaxCosine,
  type MaxCosine,
  type MaxCosineSummary,
  type Neighbour,
  type ScanOptions,
  type ScanProgress,
} from './geometry';
export {
  decoderFeatureCosines,
  encoderFeatureCosines,
  meanMaxCosine,
  oneToOneMatch,
  type CosineMatrix,
  type MeanMaxCosine,
  type OneToOneMatch,
} from './groundTruth';
export { minCostAssignment, type Assignment } from './hungarian';
export {
  METRIC_DEFINITIONS,
  groundTruthMetricId,
  metric,
  type CosineSign,
  type GroundTruthMetricId,
  type LatentSide,
  type Metric,
  type MetricDefinition,
  type MetricDirection,
  type MetricId,
} from './metric';
export { groundTruthMetrics, redundancyMetrics, summarize } from './summarize';
export { unitColumns, unitRows } from './unitVectors';

/** One eval batch, row-major: x [B, d_in], its reconstruction xHat [B, d_in], the latents acts [B, d_sae]. */
export interface EvalBatch {
  x: Float32Array;
  xHat: Float32Array;
  acts: Float32Array;
}

/** Streams every batch through one accumulator; `summarize` it for the metrics. */
export function evaluateBatches(batches: Iterable<EvalBatch>, dIn: number, dSae: number): MetricsAccumulator {
  const accumulator = new MetricsAccumulator(dIn, dSae);
  for (const { x, xHat, acts } of batches) accumulator.addBatch(x, xHat, acts);
  return accumulator;
}
