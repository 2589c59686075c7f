import type { SaeArchitecture, SaeConfig } from '../bundle';

/** Architectures that choose latents by rank (k), and so carry k and rescale_acts_by_decoder_norm. */
export const TOPK_FAMILY: readonly SaeArchitecture[] = ['topk', 'batchtopk', 'matryoshka_batchtopk'];

export const isTopkFamily = (architecture: SaeArchitecture): boolean => TOPK_FAMILY.includes(architecture);

/** SAELens keeps BatchTopK's running threshold as a float64 scalar buffer. */
export const TOPK_THRESHOLD = 'topk_threshold';

/** extras key (and SAELens tensor name) of the per-latent log10 firing density, from sparsity.safetensors. */
export const SPARSITY = 'sparsity';

/** The tensors an architecture keeps besides W_enc, b_enc, W_dec and b_dec, with their shapes. */
export function archTensorShapes(cfg: Pick<SaeConfig, 'architecture' | 'd_sae'>): Record<string, number[]> {
  const latentVector = [cfg.d_sae];
  switch (cfg.architecture) {
    case 'jumprelu':
      return { threshold: latentVector };
    case 'gated':
      return { b_gate: latentVector, r_mag: latentVector, b_mag: latentVector };
    case 'batchtopk':
    case 'matryoshka_batchtopk':
      return { [TOPK_THRESHOLD]: [] };
    case 'standard':
    case 'topk':
      return {};
  }
}

/** The tensor names of SAELens' sae_weights.safetensors for an architecture (gated has no b_enc). */
export function saeLensTensorNames(architecture: SaeArchitecture): string[] {
  const extras = Object.keys(archTensorShapes({ architecture, d_sae: 0 }));
  return architecture === 'gated' ? ['W_enc', ...extras, 'W_dec', 'b_dec'] : ['W_enc', 'b_enc', ...extras, 'W_dec', 'b_dec'];
}
