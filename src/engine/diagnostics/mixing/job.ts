import type { ActivationSource } from '../../data/source';
import type { SaeBundle } from '../../sae/bundle';
import type { GroundTruth } from '../../sae/evaluate';
import { decoderFeatureCosines, encoderFeatureCosines, unitRows, type CosineMatrix } from '../../sae/metrics';
import { firingCounts } from '../firing';
import { encoderDecoderAsymmetry, type LatentAsymmetry } from './asymmetry';
import { latentMixing, type LatentMixing } from './latentMix';
import { pairwiseCosines, type PairwiseCosines } from './pairwise';
import { displayOrder, reorderLatents } from './reorder';

export interface MixingOptions {
  /** The true features, when the source is a toy world. */
  truth?: GroundTruth;
  /** Rows used to find which latents fire (default 16384); 0 skips the data and includes every latent. */
  rows?: number;
  batch?: number;
  /** Histogram bins over [−1, 1] (default 40). */
  bins?: number;
  /** How many of the most-mixed pairs and most asymmetric latents to list (default 20). */
  top?: number;
  /** |cos| from which a feature counts as mixed into a latent (default 0.05). */
  mixThreshold?: number;
  signal?: AbortSignal;
  onProgress?: (stage: string) => void;
}

/** One side (decoder rows or encoder columns) of the latent × feature cosine matrix, in the papers' display order. */
export interface FeatureCosines {
  /** cos(latent, f_j), row r = latent order[r]. */
  cosines: number[][];
  /** Per latent, in display order: the feature it tracks and the features mixed into it. */
  latents: LatentMixing[];
}

export interface GroundTruthMixing {
  features: number;
  /** order[r] = the latent drawn in row r (sorted by argmax_j |C_ij| of the decoder, rounded to 2 decimals). */
  order: number[];
  decoder: FeatureCosines;
  encoder: FeatureCosines;
}

export interface MixingResult {
  dIn: number;
  dSae: number;
  /** Rows the firing densities were measured on (0: none, every latent included). */
  rows: number;
  /** Fraction of rows on which each latent fires (empty when no rows were read). */
  density: number[];
  /** Latents counted as alive (density > 0), those the pairwise and asymmetry statistics use. */
  alive: number;
  groundTruth?: GroundTruthMixing;
  /** Decoder-row cosines over pairs of alive latents. */
  pairwise: PairwiseCosines;
  asymmetry: {
    /** mean over alive latents of cos(W_enc[:,i], W_dec[i,:]). */
    meanEncDecCosine: number;
    /** Alive latents with the most negative off-axis encoder component, most negative first. */
    mostNegative: LatentAsymmetry[];
    /** Every latent, by index. */
    latents: LatentAsymmetry[];
  };
  formulas: Record<string, string>;
}

export const MIXING_FORMULAS: Record<string, string> = {
  cosines: 'C_ij = cos(W_dec[i,:], f_j) (decoder) and cos(W_enc[:,i], f_j) (encoder)',
  order: 'latents sorted by argmax_j |round(C_ij, 2)| (decoder), ties by latent index',
  mixedNorm: '√(Σ_{j≠tracked} C_ij²): the unit latent\'s length along features it does not track (orthonormal features)',
  pairwise: 'cos(W_dec,i, W_dec,j) over pairs i < j of alive latents; meanAbs = mean |cos|',
  encDecCosine: 'a_i = cos(W_enc[:,i], W_dec[i,:])',
  minComponent: 'min_{j≠i} ⟨ê_i − a_i·d̂_i, d̂_j⟩: the encoder, off its own decoder axis, along other decoders (negative: absorption)',
};

/**
 * Feature mixing of one SAE: the latent × feature cosine matrices when the true features are known (toys), and
 * from the weights alone the pairwise decoder cosines and the encoder/decoder asymmetry of every latent. The data
 * decides which latents are alive: dead latents keep their initial directions and would blur both statistics.
 */
export async function runMixing(sae: SaeBundle, source: ActivationSource, o: MixingOptions = {}): Promise<MixingResult> {
  const { d_in: dIn, d_sae: dSae } = sae.cfg;
  if (source.dIn !== dIn) throw new Error(`${source.describe()}: rows have ${source.dIn} values but the SAE expects d_in ${dIn}`);
  const top = o.top ?? 20;
  o.onProgress?.('measuring which latents fire');
  const { rows, fired } = await firingCounts(sae, source, o.rows ?? 16384, o.batch ?? 1024, o.signal);
  const include = rows > 0 ? Uint8Array.from(fired, (n) => (n > 0 ? 1 : 0)) : new Uint8Array(dSae).fill(1);
  const alive = include.reduce((a, b) => a + b, 0);

  o.onProgress?.('pairwise decoder cosines');
  const pairwise = await pairwiseCosines(unitRows(sae.W_dec, dSae, dIn), dSae, dIn, { bins: o.bins, top, include, signal: o.signal });
  o.onProgress?.('encoder/decoder asymmetry');
  const latents = await encoderDecoderAsymmetry(sae.W_enc, sae.W_dec, dIn, dSae, include, o.signal);
  const aliveLatents = latents.filter((l) => include[l.latent] === 1);
  const mostNegative = aliveLatents
    .filter((l) => l.minPartner >= 0)
    .sort((a, b) => a.minComponent - b.minComponent || a.latent - b.latent)
    .slice(0, top);
  const meanEncDecCosine = aliveLatents.reduce((s, l) => s + l.encDecCosine, 0) / aliveLatents.length;

  return {
    dIn,
    dSae,
    rows,
    density: rows > 0 ? Array.from(fired, (n) => n / rows) : [],
    alive,
    groundTruth: o.truth ? groundTruthMixing(sae, o.truth, o.mixThreshold ?? 0.05) : undefined,
    pairwise,
    asymmetry: { meanEncDecCosine, mostNegative, latents },
    formulas: MIXING_FORMULAS,
  };
}

function groundTruthMixing(sae: SaeBundle, truth: GroundTruth, threshold: number): GroundTruthMixing {
  const { d_in: dIn, d_sae: dSae } = sae.cfg;
  const dec = decoderFeatureCosines(sae.W_dec, dSae, dIn, truth.features, truth.count);
  const enc = encoderFeatureCosines(sae.W_enc, dIn, dSae, truth.features, truth.count);
  const { order } = displayOrder(dec);
  const side = (C: CosineMatrix): FeatureCosines => {
    const mixing = latentMixing(C, threshold);
    const shown = reorderLatents(C, order);
    return {
      cosines: Array.from({ length: dSae }, (_, r) => Array.from(shown.data.subarray(r * truth.count, (r + 1) * truth.count))),
      latents: Array.from(order, (latent) => mixing[latent]),
    };
  };
  return { features: truth.count, order: Array.from(order), decoder: side(dec), encoder: side(enc) };
}
