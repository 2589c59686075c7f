import type { ActivationSource } from '../data/source';
import { SaeBundle } from './bundle';
import { SaeSession } from './inference';
import type { SessionOptions } from '../graph/runner';
import { decoderMaxCosineOrt, encoderMaxCosineOrt } from './redundancy';
import {
  MetricsAccumulator,
  Metric,
  decoderFeatureCosines,
  densityHistogram,
  encoderFeatureCosines,
  groundTruthMetrics,
  redundancyMetrics,
  summarize,
  type DensityHistogram,
} from './metrics';

export interface GroundTruth {
  /** True feature directions F [g, d_in], row i = feature i. */
  features: Float32Array;
  count: number;
}

export interface EvaluateOptions {
  rows: number;
  batch: number;
  truth?: GroundTruth;
  signal?: AbortSignal;
  session?: SessionOptions;
}

export interface Evaluation {
  rows: number;
  metrics: Metric[];
  histogram: DensityHistogram;
  /** Latent firing counts over the evaluated rows. */
  fireCounts: Float64Array;
}

/**
 * Runs an SAE over `rows` rows of a source and computes every standard metric (each with its formula), the
 * redundancy of its decoder and encoder, and, where the true features are known, MMCS and the Hungarian match.
 */
export async function evaluateSae(bundle: SaeBundle, source: ActivationSource, o: EvaluateOptions): Promise<Evaluation> {
  const { d_in: dIn, d_sae: dSae } = bundle.cfg;
  if (source.dIn !== dIn) throw new Error(`${source.describe()}: rows have ${source.dIn} values but the SAE expects d_in ${dIn}`);
  const session = await SaeSession.create(bundle, o.batch, o.session);
  const accumulator = new MetricsAccumulator(dIn, dSae);
  const x = new Float32Array(o.batch * dIn);
  try {
    for (let done = 0; done < o.rows; ) {
      if (o.signal?.aborted) break;
      const filled = await source.nextBatch(x);
      if (filled === 0) break;
      const { acts, xHat } = await session.run(x);
      const take = Math.min(filled, o.rows - done);
      accumulator.addBatch(x.subarray(0, take * dIn), xHat.subarray(0, take * dIn), acts.subarray(0, take * dSae));
      done += take;
    }
  } finally {
    await session.release();
  }
  const stats = accumulator.stats();
  const metrics = [
    ...summarize(accumulator),
    ...redundancyMetrics(await decoderMaxCosineOrt(bundle.W_dec, dSae, dIn, o.signal), await encoderMaxCosineOrt(bundle.W_enc, dIn, dSae, o.signal)),
  ];
  if (o.truth) {
    metrics.push(...groundTruthMetrics(decoderFeatureCosines(bundle.W_dec, dSae, dIn, o.truth.features, o.truth.count), 'decoder'));
    metrics.push(...groundTruthMetrics(encoderFeatureCosines(bundle.W_enc, dIn, dSae, o.truth.features, o.truth.count), 'encoder'));
  }
  return { rows: stats.rows, metrics, histogram: densityHistogram(stats.fireCounts, Math.max(stats.rows, 1)), fireCounts: stats.fireCounts };
}
