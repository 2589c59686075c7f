import type { CosineMatrix } from '../../sae/metrics';

export interface MixedFeature {
  feature: number;
  /** cos(latent, f_feature), signed: a negative share is the feature subtracted (anti-correlation, absorption). */
  cosine: number;
}

/** Which true features one latent mixes, from its row of the latent × feature cosine matrix C. */
export interface LatentMixing {
  latent: number;
  /** The feature it tracks: argmax_j |C_ij|. */
  feature: number;
  cosine: number;
  /** The other features with |C_ij| ≥ the threshold, largest |C_ij| first. */
  mixed: MixedFeature[];
  /**
   * √(Σ_{j ≠ tracked} C_ij²): for orthonormal features, the length of the unit latent's component in the span of the
   * features it does not track (0 for a clean latent; Sparse but Wrong's √(1−γ²) mixing for one shared feature).
   */
  mixedNorm: number;
  /** √max(0, 1 − Σ_j C_ij²): for orthonormal features, the length outside the span of all true features. */
  outsideNorm: number;
}

export function latentMixing({ data, latents, features }: CosineMatrix, threshold = 0.05): LatentMixing[] {
  const result: LatentMixing[] = [];
  for (let i = 0; i < latents; i++) {
    const row = Array.from(data.subarray(i * features, (i + 1) * features));
    let feature = 0;
    row.forEach((c, j) => {
      if (Math.abs(c) > Math.abs(row[feature])) feature = j;
    });
    let total = 0;
    for (const c of row) total += c * c;
    const mixed = row
      .map((cosine, j) => ({ feature: j, cosine }))
      .filter((m) => m.feature !== feature && Math.abs(m.cosine) >= threshold)
      .sort((a, b) => Math.abs(b.cosine) - Math.abs(a.cosine) || a.feature - b.feature);
    result.push({
      latent: i,
      feature,
      cosine: row[feature],
      mixed,
      mixedNorm: Math.sqrt(Math.max(0, total - row[feature] ** 2)),
      outsideNorm: Math.sqrt(Math.max(0, 1 - total)),
    });
  }
  return result;
}
