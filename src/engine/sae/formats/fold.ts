import type { Matrix, SaeBundle } from '../bundle';
import { isTopkFamily, TOPK_THRESHOLD } from './layout';

/** Per-latent tensors that scale with the encoder columns when decoder norms are folded (SAELens fold_W_dec_norm). */
const SCALED_WITH_ENCODER: Record<string, readonly string[]> = { jumprelu: ['threshold'], gated: ['b_gate', 'b_mag'] };

/**
 * A copy of the bundle with every W_dec row at unit norm and the norms moved into the encoder: W_enc columns,
 * b_enc, and the threshold (jumprelu) or b_gate/b_mag (gated; r_mag is a log-ratio and stays). Encode-then-decode
 * gives the same output. A latent whose decoder row is all zeros is left as it is, since it has no norm to move.
 * Refused for the topk family unless rescale_acts_by_decoder_norm is set, as in SAELens: without it, folding
 * changes which latents rank in the top k.
 */
export function foldDecoderNorms(bundle: SaeBundle): SaeBundle {
  const { cfg } = bundle;
  if (isTopkFamily(cfg.architecture) && !cfg.rescale_acts_by_decoder_norm) {
    throw new Error(
      `cannot fold decoder norms of a ${cfg.architecture} SAE without rescale_acts_by_decoder_norm: it would change which latents are kept`,
    );
  }
  const norms = decoderRowNorms(bundle);
  const W_dec = bundle.W_dec.map((v, i) => v / norms[Math.floor(i / cfg.d_in)]);
  const W_enc = bundle.W_enc.map((v, i) => v * norms[i % cfg.d_sae]);
  const scaledExtras: Record<string, Matrix> = {};
  for (const name of SCALED_WITH_ENCODER[cfg.architecture] ?? []) {
    const extra = bundle.extras[name];
    scaledExtras[name] = { shape: [...extra.shape], data: extra.data.map((v, i) => v * norms[i]) };
  }
  return {
    ...bundle,
    W_enc,
    b_enc: bundle.b_enc.map((v, i) => v * norms[i]),
    W_dec,
    extras: { ...bundle.extras, ...scaledExtras },
  };
}

/**
 * SAELens' fold_activation_norm_scaling_factor: weights trained on inputs multiplied by `scale` made to take raw
 * inputs (W_enc·s, W_dec/s, b_dec/s), after which no input normalisation is needed. One addition: a topk-family SAE
 * with rescale_acts_by_decoder_norm multiplies its activations by ‖W_dec,i‖, which this divides by s, so a BatchTopK
 * topk_threshold is divided by s too. (SAELens 6.18 leaves it as it is, so its JumpReLU export of such an SAE
 * compares activations against a threshold s times too large.)
 */
export function foldActivationScaling(bundle: SaeBundle, scale: number): SaeBundle {
  const threshold = bundle.extras[TOPK_THRESHOLD];
  const rescaledThreshold: Record<string, Matrix> =
    threshold && bundle.cfg.rescale_acts_by_decoder_norm ? { [TOPK_THRESHOLD]: { shape: [], data: threshold.data.map((v) => v / scale) } } : {};
  return {
    ...bundle,
    cfg: { ...bundle.cfg, normalize_activations: 'none' },
    W_enc: bundle.W_enc.map((v) => v * scale),
    W_dec: bundle.W_dec.map((v) => v / scale),
    b_dec: bundle.b_dec.map((v) => v / scale),
    extras: { ...bundle.extras, ...rescaledThreshold },
  };
}

/** ‖W_dec,i‖ per latent, with 1 standing in for a zero norm. */
function decoderRowNorms({ cfg, W_dec }: SaeBundle): Float64Array {
  const norms = new Float64Array(cfg.d_sae);
  for (let latent = 0; latent < cfg.d_sae; latent++) {
    let sum = 0;
    for (let j = latent * cfg.d_in; j < (latent + 1) * cfg.d_in; j++) sum += W_dec[j] * W_dec[j];
    norms[latent] = sum > 0 ? Math.sqrt(sum) : 1;
  }
  return norms;
}
