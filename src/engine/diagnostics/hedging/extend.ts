import type { InitialWeights } from '../../sae/init';
import { Rng } from '../../util/random';

/**
 * The weights of an SAE with `count` latents appended (the hedging paper's `extend_sae`): each new latent gets a
 * random unit direction × `magnitude` (0.1) as its decoder row and the same vector as its encoder column, and
 * b_enc = 0; the original latents and b_dec are copied unchanged.
 */
export function extendWeights(w: InitialWeights, dIn: number, dSae: number, count: number, seed: number, magnitude = 0.1): InitialWeights {
  const h = dSae + count;
  const rng = new Rng(seed);
  const W_dec = new Float32Array(h * dIn);
  W_dec.set(w.W_dec);
  const direction = new Float64Array(dIn);
  for (let i = dSae; i < h; i++) {
    rng.fillNormal(direction);
    const scale = magnitude / Math.hypot(...direction);
    for (let k = 0; k < dIn; k++) W_dec[i * dIn + k] = direction[k] * scale;
  }
  const W_enc = new Float32Array(dIn * h);
  for (let k = 0; k < dIn; k++) {
    W_enc.set(w.W_enc.subarray(k * dSae, (k + 1) * dSae), k * h);
    for (let i = dSae; i < h; i++) W_enc[k * h + i] = W_dec[i * dIn + k];
  }
  const b_enc = new Float32Array(h);
  b_enc.set(w.b_enc);
  return { W_enc, b_enc, W_dec, b_dec: Float32Array.from(w.b_dec) };
}
