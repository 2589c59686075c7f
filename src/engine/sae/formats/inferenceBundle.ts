import type { SaeBundle } from '../bundle';
import { foldDecoderNorms } from './fold';
import { TOPK_THRESHOLD } from './layout';

/** The keys of SAELens' base SAEConfig that a bundle keeps in `extra`; JumpReLUSAEConfig has no others. */
const BASE_EXTRA_KEYS = ['device', 'reshape_activations'];

/**
 * The bundle SAELens' save_inference_model would write. BatchTopK and Matryoshka BatchTopK become JumpReLU with
 * threshold = topk_threshold for every latent, after folding decoder norms when rescale_acts_by_decoder_norm is
 * set (the JumpReLU SAE has no rescaling of its own); their training-only cfg keys are dropped. Every other
 * architecture is returned unchanged: a topk SAE with rescaling keeps its flag rather than being folded, which
 * encodes and decodes the same and keeps a save-and-reload bit-exact.
 */
export function inferenceBundle(bundle: SaeBundle): SaeBundle {
  const { cfg } = bundle;
  if (cfg.architecture !== 'batchtopk' && cfg.architecture !== 'matryoshka_batchtopk') return bundle;
  const folded = cfg.rescale_acts_by_decoder_norm ? foldDecoderNorms(bundle) : bundle;
  const { [TOPK_THRESHOLD]: topkThreshold, ...otherExtras } = folded.extras;
  return {
    ...folded,
    cfg: {
      architecture: 'jumprelu',
      d_in: cfg.d_in,
      d_sae: cfg.d_sae,
      dtype: cfg.dtype,
      apply_b_dec_to_input: cfg.apply_b_dec_to_input,
      normalize_activations: cfg.normalize_activations,
      metadata: { ...cfg.metadata },
      extra: Object.fromEntries(Object.entries(cfg.extra).filter(([key]) => BASE_EXTRA_KEYS.includes(key))),
    },
    extras: { ...otherExtras, threshold: { shape: [cfg.d_sae], data: new Float32Array(cfg.d_sae).fill(topkThreshold.data[0]) } },
  };
}
