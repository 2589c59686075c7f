/**
 * The one in-memory shape every SAE format is normalised to, in SAELens orientation:
 * W_enc [d_in, d_sae], b_enc [d_sae], W_dec [d_sae, d_in] (row i = latent i's decoder vector), b_dec [d_in].
 */

/** Inference architectures as SAELens names them, plus the training-only ones our checkpoints keep. */
export type SaeArchitecture = 'standard' | 'topk' | 'batchtopk' | 'jumprelu' | 'matryoshka_batchtopk' | 'gated';

export type ActivationNormalization = 'none' | 'expected_average_only_in' | 'constant_norm_rescale' | 'layer_norm';

export interface SaeConfig {
  architecture: SaeArchitecture;
  d_in: number;
  d_sae: number;
  /** dtype of the weights on disk (weights are float32 in memory). */
  dtype: string;
  apply_b_dec_to_input: boolean;
  normalize_activations: ActivationNormalization;
  /** TopK: latents kept per row; BatchTopK: the average per row (may be fractional). */
  k?: number;
  rescale_acts_by_decoder_norm?: boolean;
  /** Matryoshka prefix widths, ascending, the last equal to d_sae. */
  matryoshka_widths?: number[];
  /** SAELens metadata (model_name, hook_name, …), kept as found. */
  metadata: Record<string, unknown>;
  /** Every other cfg key, kept so a save writes back what was loaded. */
  extra: Record<string, unknown>;
}

export interface Matrix {
  shape: number[];
  data: Float32Array;
}

export interface SaeBundle {
  cfg: SaeConfig;
  W_enc: Float32Array;
  b_enc: Float32Array;
  W_dec: Float32Array;
  b_dec: Float32Array;
  /** Architecture-specific tensors: threshold [d_sae] (jumprelu), b_gate/r_mag/b_mag (gated), topk_threshold [] (batchtopk). */
  extras: Record<string, Matrix>;
  /** Where it came from; `format` names the adapter that read it. */
  source: { format: string; path: string };
}
