import { minCostAssignment } from './hungarian';
import type { CosineSign } from './metric';
import { dot, unitColumns, unitRows } from './unitVectors';

/**
 * Recovery of known features F [g, d_in] (toy data) by an SAE with h = d_sae latents.
 * The latent vector is decoder row W_dec[i,:] or encoder column W_enc[:,i].
 * Sign: cosines are signed by default: a latent along −f_j fires on the opposite of f_j, so it is not f_j.
 * The `absolute` variant takes |cos|, for sign-free comparisons.
 */

/** C[i, j] = cos(latent i, f_j), row-major [latents, features] (the heatmap in all three papers). */
export interface CosineMatrix {
  data: Float32Array;
  latents: number;
  features: number;
}

export function decoderFeatureCosines(W_dec: Float32Array, dSae: number, dIn: number, F: Float32Array, g: number): CosineMatrix {
  return cosinesBetween(unitRows(W_dec, dSae, dIn), dSae, unitRows(F, g, dIn), g, dIn);
}

export function encoderFeatureCosines(W_enc: Float32Array, dIn: number, dSae: number, F: Float32Array, g: number): CosineMatrix {
  return cosinesBetween(unitColumns(W_enc, dIn, dSae), dSae, unitRows(F, g, dIn), g, dIn);
}

function cosinesBetween(latents: Float32Array, h: number, features: Float32Array, g: number, dim: number): CosineMatrix {
  const data = new Float32Array(h * g);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < g; j++) data[i * g + j] = dot(latents, i * dim, features, j * dim, dim);
  }
  return { data, latents: h, features: g };
}

export interface MeanMaxCosine {
  /** MMCS as Sharkey et al. (2022) and the spec define it: (1/g) Σ_j max_i cos(f_j, latent i), per-feature recovery. */
  perFeature: number;
  /** The latent-side reading: (1/h) Σ_i max_j cos(latent i, f_j). */
  perLatent: number;
  /** max_i cos per feature, and the latent attaining it (lowest i on ties). */
  featureBest: Float64Array;
  featureBestLatent: Int32Array;
  /** max_j cos per latent, and the feature attaining it (lowest j on ties). */
  latentBest: Float64Array;
  latentBestFeature: Int32Array;
}

export function meanMaxCosine({ data, latents, features }: CosineMatrix, sign: CosineSign = 'signed'): MeanMaxCosine {
  const featureBest = new Float64Array(features).fill(Number.NEGATIVE_INFINITY);
  const featureBestLatent = new Int32Array(features).fill(-1);
  const latentBest = new Float64Array(latents).fill(Number.NEGATIVE_INFINITY);
  const latentBestFeature = new Int32Array(latents).fill(-1);
  for (let i = 0; i < latents; i++) {
    for (let j = 0; j < features; j++) {
      const c = signed(data[i * features + j], sign);
      if (c > featureBest[j]) {
        featureBest[j] = c;
        featureBestLatent[j] = i;
      }
      if (c > latentBest[i]) {
        latentBest[i] = c;
        latentBestFeature[i] = j;
      }
    }
  }
  return {
    perFeature: mean(featureBest),
    perLatent: mean(latentBest),
    featureBest,
    featureBestLatent,
    latentBest,
    latentBestFeature,
  };
}

export interface OneToOneMatch {
  /** (1/min(g,h)) Σ over matched pairs of cos(latent i, f_j), for the matching that maximises that sum. */
  score: number;
  /** Feature matched to each latent, −1 where unmatched (h > g leaves h − g latents out). */
  latentToFeature: Int32Array;
}

/** The spec's optional Hungarian score: the best one-to-one pairing of latents with features, by total cosine. */
export function oneToOneMatch({ data, latents, features }: CosineMatrix, sign: CosineSign = 'signed'): OneToOneMatch {
  const negated = new Float64Array(data.length);
  for (let k = 0; k < data.length; k++) negated[k] = -signed(data[k], sign);
  const { rowToCol, cost } = minCostAssignment(negated, latents, features);
  return { score: -cost / Math.min(latents, features), latentToFeature: rowToCol };
}

function signed(cosine: number, sign: CosineSign): number {
  return sign === 'signed' ? cosine : Math.abs(cosine);
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
