/**
 * A latent's page as a Neuronpedia feature (the fields of its `Neuron` and `Activation` rows, as SAEDashboard
 * uploads them), so it can be read by code written for Neuronpedia exports. Fields we have no data for (logit
 * tables, UMAP, explanations) are left out rather than faked; what SAE Scope adds sits apart under `saescope`.
 */
import type { LatentDetail, SaeOverview } from '../../shared/saeData';

export interface NeuronpediaFeature {
  modelId: string | null;
  /** Neuronpedia's source id (e.g. "6-res-jb"), or the hook name where the SAE names no Neuronpedia id. */
  layer: string | null;
  index: string;
  hookName: string | null;
  maxActApprox: number | null;
  frac_nonzero: number | null;
  freq_hist_data_bar_heights: number[];
  freq_hist_data_bar_values: number[];
  neuron_alignment_indices: number[];
  neuron_alignment_values: number[];
  topkCosSimIndices: number[];
  topkCosSimValues: number[];
  /** Top examples with their tokens, where a token file was attached. */
  activations: { tokens: string[]; values: number[]; maxValue: number; maxValueTokenIndex: number; minValue: number }[];
  saescope: {
    path: string;
    format: string;
    architecture: string;
    decoderNorm: number;
    encoderBias: number;
    density: number | null;
    attached: { rows: number; fired: number; topRows: { row: number; value: number }[] } | null;
  };
}

export function neuronpediaFeature(overview: SaeOverview, detail: LatentDetail): NeuronpediaFeature {
  const [npModel, npSource] = neuronpediaId(overview.metadata.neuronpedia_id);
  const a = detail.activations;
  const { edges, counts } = a?.histogram ?? { edges: [], counts: [] };
  return {
    modelId: npModel ?? overview.modelName,
    layer: npSource ?? overview.hookName,
    index: String(detail.index),
    hookName: overview.hookName,
    maxActApprox: a ? a.max : null,
    frac_nonzero: a && a.rows > 0 ? a.fired / a.rows : detail.density,
    freq_hist_data_bar_heights: counts,
    freq_hist_data_bar_values: counts.map((_, i) => (edges[i] + edges[i + 1]) / 2),
    neuron_alignment_indices: detail.topDims.map((t) => t.dim),
    neuron_alignment_values: detail.topDims.map((t) => t.weight),
    topkCosSimIndices: detail.neighbours.map((n) => n.latent),
    topkCosSimValues: detail.neighbours.map((n) => n.cosine),
    activations: (a?.examples ?? []).flatMap(({ context }) =>
      context
        ? [{ tokens: context.tokens, values: context.values, maxValue: Math.max(...context.values), maxValueTokenIndex: argmax(context.values), minValue: Math.min(...context.values) }]
        : [],
    ),
    saescope: {
      path: overview.path,
      format: overview.format,
      architecture: overview.architecture,
      decoderNorm: detail.decoderNorm,
      encoderBias: detail.encoderBias,
      density: detail.density,
      attached: a ? { rows: a.rows, fired: a.fired, topRows: a.examples.map(({ row, value }) => ({ row, value })) } : null,
    },
  };
}

/** SAELens' metadata.neuronpedia_id is "<model>/<source>" (shown here as JSON text when not a plain string). */
function neuronpediaId(value: string | undefined): [string | null, string | null] {
  if (!value || value === 'null') return [null, null];
  const slash = value.indexOf('/');
  return slash > 0 ? [value.slice(0, slash), value.slice(slash + 1)] : [null, null];
}

function argmax(values: number[]): number {
  return values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
}
