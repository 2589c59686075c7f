/**
 * Every number the metrics module reports, with the formula the UI prints beside it.
 * Ids follow SAELens `run_evals` and SAEBench `core` keys where those exist, so exported results line up with theirs.
 * Notation: rows b = 1..N (tokens), x_b ∈ R^d (d = d_in), x̂_b the reconstruction, a_b ∈ R^h (h = d_sae) the latents,
 * x̄ the mean of x over all N rows, count_i = #{b : a_bi ≠ 0}, density_i = count_i / N.
 */

export interface Metric {
  id: string;
  label: string;
  value: number;
  formula: string;
  note?: string;
}

export type MetricDirection = 'higher' | 'lower' | 'none';

export interface MetricDefinition {
  id: string;
  label: string;
  formula: string;
  /** Which way is better, for colouring; 'none' where neither is (norms, densities). */
  better: MetricDirection;
}

const definitions = {
  l0: { label: 'L0', formula: 'mean_b #{i : a_bi ≠ 0}', better: 'none' },
  l1: { label: 'L1', formula: 'mean_b Σ_i |a_bi|', better: 'none' },
  mse: { label: 'MSE (SAELens: sum over d, mean over rows)', formula: 'mean_b Σ_d (x̂_bd − x_bd)²', better: 'lower' },
  mse_per_element: { label: 'MSE (per element)', formula: 'mean_{b,d} (x̂_bd − x_bd)²', better: 'lower' },
  explained_variance: {
    label: 'Explained variance (centred)',
    formula: '1 − Σ_b ‖x_b − x̂_b‖² / Σ_b ‖x_b − x̄‖²',
    better: 'higher',
  },
  explained_variance_uncentred: {
    label: 'Explained variance (uncentred, about 0)',
    formula: '1 − Σ_b ‖x_b − x̂_b‖² / Σ_b ‖x_b‖²',
    better: 'higher',
  },
  explained_variance_legacy: {
    label: 'Explained variance (legacy, per token)',
    formula: 'mean_b [1 − ‖x_b − x̂_b‖² / ‖x_b − x̄_B(b)‖²],  x̄_B(b) = mean of x over the batch holding b',
    better: 'higher',
  },
  normalized_mse: {
    label: 'Normalised MSE',
    formula: 'Σ_b ‖x_b − x̂_b‖² / Σ_b ‖x_b − x̄‖²  (= 1 − centred explained variance)',
    better: 'lower',
  },
  cossim: { label: 'Cosine similarity', formula: 'mean_b ⟨x_b, x̂_b⟩ / (‖x_b‖ ‖x̂_b‖)  (0 where a norm is 0)', better: 'higher' },
  l2_norm_in: { label: 'L2 norm in', formula: 'mean_b ‖x_b‖', better: 'none' },
  l2_norm_out: { label: 'L2 norm out', formula: 'mean_b ‖x̂_b‖', better: 'none' },
  l2_ratio: {
    label: 'L2 ratio (shrinkage)',
    formula: 'mean_b ‖x̂_b‖ / ‖x_b‖  (‖x_b‖ < 1e-4 → divide by 1)',
    better: 'none',
  },
  relative_reconstruction_bias: {
    label: 'Relative reconstruction bias γ',
    formula: 'γ = Σ_b ‖x̂_b‖² / Σ_b ⟨x_b, x̂_b⟩ = argmin_γ Σ_b ‖x̂_b/γ − x_b‖²',
    better: 'none',
  },
  frac_dead: { label: 'Dead latents', formula: '#{i : count_i = 0} / h', better: 'lower' },
  frac_alive: { label: 'Alive latents', formula: '#{i : density_i > 0} / h', better: 'higher' },
  freq_over_1_percent: { label: 'Dense latents (> 1%)', formula: '#{i : density_i > 0.01} / h', better: 'lower' },
  freq_over_10_percent: { label: 'Dense latents (> 10%)', formula: '#{i : density_i > 0.1} / h', better: 'lower' },
  average_max_decoder_cosine_sim: {
    label: 'Mean max decoder cosine',
    formula: 'mean_i max_{j≠i} cos(W_dec[i,:], W_dec[j,:])',
    better: 'lower',
  },
  max_decoder_cosine_sim: {
    label: 'Max decoder cosine',
    formula: 'max_i max_{j≠i} cos(W_dec[i,:], W_dec[j,:])',
    better: 'lower',
  },
  average_max_encoder_cosine_sim: {
    label: 'Mean max encoder cosine',
    formula: 'mean_i max_{j≠i} cos(W_enc[:,i], W_enc[:,j])',
    better: 'lower',
  },
  max_encoder_cosine_sim: {
    label: 'Max encoder cosine',
    formula: 'max_i max_{j≠i} cos(W_enc[:,i], W_enc[:,j])',
    better: 'lower',
  },
} as const satisfies Record<string, Omit<MetricDefinition, 'id'>>;

/** Ground-truth metrics: MMCS both ways and the Hungarian match, for decoder rows and encoder columns, cos or |cos|. */
export type GroundTruthKind = 'mmcs' | 'mmcs_latent' | 'hungarian_match';
export type LatentSide = 'decoder' | 'encoder';
export type CosineSign = 'signed' | 'absolute';
export type GroundTruthMetricId = `${GroundTruthKind}${'' | '_encoder'}${'' | '_abs'}`;

export function groundTruthMetricId(kind: GroundTruthKind, side: LatentSide, sign: CosineSign): GroundTruthMetricId {
  return `${kind}${side === 'encoder' ? '_encoder' : ''}${sign === 'absolute' ? '_abs' : ''}`;
}

function groundTruthDefinition(kind: GroundTruthKind, side: LatentSide, sign: CosineSign): MetricDefinition {
  const latent = side === 'decoder' ? 'W_dec[i,:]' : 'W_enc[:,i]';
  const cos = (a: string, b: string) => (sign === 'signed' ? `cos(${a}, ${b})` : `|cos(${a}, ${b})|`);
  const formulas: Record<GroundTruthKind, string> = {
    mmcs: `(1/g) Σ_j max_i ${cos('f_j', latent)}`,
    mmcs_latent: `(1/h) Σ_i max_j ${cos(latent, 'f_j')}`,
    hungarian_match: `max_π (1/min(g,h)) Σ_{(i,j)∈π} ${cos(latent, 'f_j')},  π a one-to-one latent–feature matching`,
  };
  const labels: Record<GroundTruthKind, string> = {
    mmcs: 'MMCS (per true feature)',
    mmcs_latent: 'MMCS (per latent)',
    hungarian_match: 'One-to-one match (Hungarian)',
  };
  const qualifiers = [side === 'encoder' ? 'encoder' : '', sign === 'absolute' ? '|cos|' : ''].filter((q) => q !== '');
  return {
    id: groundTruthMetricId(kind, side, sign),
    label: qualifiers.length === 0 ? labels[kind] : `${labels[kind]}, ${qualifiers.join(', ')}`,
    formula: formulas[kind],
    better: 'higher',
  };
}

function groundTruthDefinitions(): Record<GroundTruthMetricId, MetricDefinition> {
  const entries: [GroundTruthMetricId, MetricDefinition][] = [];
  for (const kind of ['mmcs', 'mmcs_latent', 'hungarian_match'] as const) {
    for (const side of ['decoder', 'encoder'] as const) {
      for (const sign of ['signed', 'absolute'] as const) {
        entries.push([groundTruthMetricId(kind, side, sign), groundTruthDefinition(kind, side, sign)]);
      }
    }
  }
  return Object.fromEntries(entries) as Record<GroundTruthMetricId, MetricDefinition>;
}

export type MetricId = keyof typeof definitions | GroundTruthMetricId;

export const METRIC_DEFINITIONS: Readonly<Record<MetricId, MetricDefinition>> = {
  ...(Object.fromEntries(Object.entries(definitions).map(([id, definition]) => [id, { id, ...definition }])) as Record<
    keyof typeof definitions,
    MetricDefinition
  >),
  ...groundTruthDefinitions(),
};

export function metric(id: MetricId, value: number, note?: string): Metric {
  const { label, formula } = METRIC_DEFINITIONS[id];
  return note === undefined ? { id, label, value, formula } : { id, label, value, formula, note };
}
