import { SaeBundle } from '../../sae/bundle';
import { NamedTensor } from '../../toys/models/types';
import { rowGeometry } from '../../toys/models/superposition/rowGeometry';

export interface FeatureRecovery {
  /** Features with ‖W_i‖ > the threshold (0.5): those the toy model represents. */
  represented: number;
  /** (1/|R|) Σ_{i∈R} max_l cos(W_dec[l, :], W_i) over the represented features R. */
  mmcs: number;
  /** The per-feature maxima, by feature index (null for features not represented). */
  perFeature: (number | null)[];
}

/**
 * Does the SAE's dictionary hold the toy model's features (sae-methods §7 T9: MMCS ≥ 0.9 when it disentangles)?
 * Feature i moves the neurons' pre-activation xW along its row W_i. We compare decoder rows with W_i itself rather
 * than with ReLU(W_i) (the neurons' response to feature i alone): where features overlap, the negative entries of
 * W_i suppress other features' neurons, and a decoder that reconstructs h learns them (on the T9 toy, decoder
 * rows match W_i with MMCS ≈ 0.95–0.98 but ReLU(W_i) only ≈ 0.85).
 */
export function featureRecovery(W: NamedTensor, sae: SaeBundle, threshold = 0.5): FeatureRecovery {
  const [features, hidden] = W.shape;
  const { d_sae: width, d_in: dIn } = sae.cfg;
  if (dIn !== hidden) throw new RangeError(`the SAE takes ${dIn} inputs but the model has ${hidden} neurons`);
  const { represented } = rowGeometry(W, threshold);
  const unit = (v: Float64Array) => {
    const norm = Math.hypot(...v);
    return norm > 0 ? v.map((x) => x / norm) : v;
  };
  const latents = Array.from({ length: width }, (_, l) => unit(Float64Array.from(sae.W_dec.subarray(l * dIn, (l + 1) * dIn))));
  const perFeature = Array.from({ length: features }, (_, i): number | null => {
    if (!represented[i]) return null;
    const f = unit(Float64Array.from(W.data.subarray(i * hidden, (i + 1) * hidden)));
    let best = -1;
    for (const l of latents) {
      let dot = 0;
      for (let k = 0; k < hidden; k++) dot += l[k] * f[k];
      best = Math.max(best, dot);
    }
    return best;
  });
  const kept = perFeature.filter((v): v is number => v !== null);
  return { represented: kept.length, mmcs: kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : NaN, perFeature };
}
