import type { MetricsAccumulator } from './accumulator';
import { deadCount, denseFraction } from './density';
import type { MaxCosine } from './geometry';
import { summarizeMaxCosine } from './geometry';
import type { CosineMatrix } from './groundTruth';
import { meanMaxCosine, oneToOneMatch } from './groundTruth';
import { groundTruthMetricId, metric, type CosineSign, type LatentSide, type Metric } from './metric';

/** The reconstruction, sparsity and density metrics of an eval set, each with its formula and where it comes from. */
export function summarize(accumulator: MetricsAccumulator): Metric[] {
  const s = accumulator.stats();
  const legacyNote =
    'SAELens/SAEBench `explained_variance_legacy` (SAEBench paper and Neuronpedia numbers); depends on the batch size' +
    (s.legacySkippedRows > 0 ? `; ${s.legacySkippedRows} rows equal to their batch mean left out` : '');
  const dead = deadCount(s.fireCounts);
  return [
    metric('l0', s.l0, `over ${s.rows} rows; counts a ≠ 0, which equals a > 0 for ReLU-family SAEs`),
    metric('l1', s.l1),
    metric('mse', s.mse, 'SAELens convention since PR #711 (before it, eval mse also divided by tokens per batch)'),
    metric('mse_per_element', s.msePerElement, 'torch MSELoss(reduction="mean") convention: mse / d_in'),
    metric('explained_variance', s.explainedVariance, 'SAELens `explained_variance` since PR #710; recommended default'),
    metric(
      'explained_variance_uncentred',
      s.explainedVarianceUncentred,
      'Sparse-but-Wrong Fig. 4; also what SAELens reported as `explained_variance` between PRs #443 and #710',
    ),
    metric('explained_variance_legacy', s.explainedVarianceLegacy, legacyNote),
    metric('normalized_mse', s.normalizedMse),
    metric('cossim', s.cossim),
    metric('l2_norm_in', s.l2NormIn),
    metric('l2_norm_out', s.l2NormOut),
    metric('l2_ratio', s.l2Ratio, 'Sparse-but-Wrong calls this shrinkage; < 1 means x̂ is shorter than x'),
    metric(
      'relative_reconstruction_bias',
      s.relativeReconstructionBias,
      'Gated SAE eq. 10, over the whole eval set (SAELens averages per-batch ratios); < 1 means shrinkage',
    ),
    metric('frac_dead', dead / s.dSae, `${dead} of ${s.dSae} latents never fired in ${s.rows} rows`),
    metric('frac_alive', (s.dSae - dead) / s.dSae),
    metric('freq_over_1_percent', denseFraction(s.fireCounts, s.rows, 0.01)),
    metric('freq_over_10_percent', denseFraction(s.fireCounts, s.rows, 0.1)),
  ];
}

/** SAEBench's redundancy numbers from the decoder (and, if given, encoder) max-cosine scans. */
export function redundancyMetrics(decoder: MaxCosine, encoder?: MaxCosine): Metric[] {
  const metrics: Metric[] = [];
  const add = (scan: MaxCosine, averageId: 'average_max_decoder_cosine_sim' | 'average_max_encoder_cosine_sim') => {
    const { mean, max, argmax } = summarizeMaxCosine(scan);
    const maxId = averageId === 'average_max_decoder_cosine_sim' ? 'max_decoder_cosine_sim' : 'max_encoder_cosine_sim';
    metrics.push(metric(averageId, mean), metric(maxId, max, `latents ${argmax} and ${scan.nearest[argmax]}`));
  };
  add(decoder, 'average_max_decoder_cosine_sim');
  if (encoder) add(encoder, 'average_max_encoder_cosine_sim');
  return metrics;
}

/** MMCS both ways and the Hungarian match score for one latent–feature cosine matrix. */
export function groundTruthMetrics(cosines: CosineMatrix, side: LatentSide, sign: CosineSign = 'signed'): Metric[] {
  const { perFeature, perLatent } = meanMaxCosine(cosines, sign);
  const { score } = oneToOneMatch(cosines, sign);
  const pairs = Math.min(cosines.latents, cosines.features);
  return [
    metric(groundTruthMetricId('mmcs', side, sign), perFeature, `g = ${cosines.features} features, h = ${cosines.latents} latents`),
    metric(groundTruthMetricId('mmcs_latent', side, sign), perLatent),
    metric(groundTruthMetricId('hungarian_match', side, sign), score, `${pairs} matched pairs`),
  ];
}
