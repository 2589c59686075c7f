import { SaeBundle } from '../../sae/bundle';
import { transpose } from '../../sae/init';
import type { ToyTruth } from '../../toys';

/**
 * The ground-truth SAE of a toy world at a given L0 (Sparse but Wrong §3.2): one latent per true feature,
 * W_enc = Fᵀ, W_dec = F, b_enc = 0, b_dec = the world's fixed bias (0 for the paper's toys), with BatchTopK
 * keeping ⌊k·B⌋ activations per batch. With orthonormal features its pre-activations are the true magnitudes, so
 * at k ≥ the true L0 it reconstructs almost exactly, and below it drops the smallest magnitudes of each batch.
 */
export function groundTruthSae(truth: ToyTruth, k: number): SaeBundle {
  const { nFeatures: g, d } = truth;
  return {
    cfg: {
      architecture: 'batchtopk',
      d_in: d,
      d_sae: g,
      dtype: 'float32',
      apply_b_dec_to_input: true,
      normalize_activations: 'none',
      k,
      metadata: {},
      extra: {},
    },
    W_enc: transpose(truth.features, g, d),
    b_enc: new Float32Array(g),
    W_dec: Float32Array.from(truth.features),
    b_dec: truth.bias ? Float32Array.from(truth.bias) : new Float32Array(d),
    extras: {},
    source: { format: 'ground-truth', path: '' },
  };
}
