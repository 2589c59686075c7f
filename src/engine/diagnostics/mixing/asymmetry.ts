import { unitColumns, unitRows } from '../../sae/metrics';
import { forEachProductBlock } from './blockProducts';

/**
 * Encoder/decoder asymmetry per latent, the signature of feature absorption (Chanin et al. 2024; Feature Hedging
 * §4): a latent that absorbs a child feature reads it with a negative sign in its encoder while its decoder stays
 * on the parent, and the absorbing child latent's decoder carries the parent's direction that its encoder does not
 * read. Hedging moves encoder and decoder the same way, so it leaves the two aligned.
 *
 * With ê_i = W_enc[:,i]/‖·‖ and d̂_i = W_dec[i,:]/‖·‖:
 *   a_i   = cos(W_enc[:,i], W_dec[i,:]) = ⟨ê_i, d̂_i⟩                       (1 for a tied latent)
 *   r_i   = ê_i − a_i·d̂_i, ‖r_i‖ = √(1 − a_i²)                            (what the encoder reads off its own decoder axis)
 *   n_ij  = ⟨r_i, d̂_j⟩, j ≠ i                                              (that part along other latents' decoders)
 *   min_i = min_j n_ij and the partner j attaining it                       (negative: latent i subtracts latent j)
 * Both latents of an absorbing pair get a negative min with each other as partner; other latents' decoders stand
 * in for the true features, which are unknown.
 */
export interface LatentAsymmetry {
  latent: number;
  encDecCosine: number;
  /** ‖r_i‖ = √(1 − a_i²). */
  offAxis: number;
  /** min_{j≠i} ⟨r_i, d̂_j⟩ (NaN when no other latent is included). */
  minComponent: number;
  /** The j attaining it, or −1. */
  minPartner: number;
}

/**
 * W_enc [d_in, d_sae], W_dec [d_sae, d_in]. `include` limits the partners j to latents with include[j] = 1 (e.g.
 * those that fire); every latent still gets its own row.
 */
export async function encoderDecoderAsymmetry(
  W_enc: Float32Array,
  W_dec: Float32Array,
  dIn: number,
  dSae: number,
  include?: Uint8Array,
  signal?: AbortSignal,
): Promise<LatentAsymmetry[]> {
  const enc = unitColumns(W_enc, dIn, dSae);
  const dec = unitRows(W_dec, dSae, dIn);
  const offAxis = new Float32Array(dSae * dIn);
  const result: LatentAsymmetry[] = [];
  for (let i = 0; i < dSae; i++) {
    let a = 0;
    for (let k = 0; k < dIn; k++) a += enc[i * dIn + k] * dec[i * dIn + k];
    for (let k = 0; k < dIn; k++) offAxis[i * dIn + k] = enc[i * dIn + k] - a * dec[i * dIn + k];
    result.push({ latent: i, encDecCosine: a, offAxis: Math.sqrt(Math.max(0, 1 - a * a)), minComponent: NaN, minPartner: -1 });
  }
  await forEachProductBlock(offAxis, dSae, dec, dSae, dIn, (start, rows, values) => {
    for (let r = 0; r < rows; r++) {
      const row = result[start + r];
      for (let j = 0; j < dSae; j++) {
        if (j === row.latent || (include && include[j] !== 1)) continue;
        const n = values[r * dSae + j];
        if (row.minPartner < 0 || n < row.minComponent) {
          row.minComponent = n;
          row.minPartner = j;
        }
      }
    }
  }, signal);
  return result;
}
