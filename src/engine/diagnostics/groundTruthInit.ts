import type { InitialWeights } from '../sae/init';
import { Rng } from '../util/random';

/**
 * SAE weights set to the true features, as the papers' `init_sae_to_match_model`: latent i gets feature order[i]
 * plus Gaussian noise of std `noise` per coordinate in its encoder column, the decoder is the encoder's transpose
 * (so rows are unit-norm only without noise), and both biases are zero. F is [g, d] row-major.
 */
export function groundTruthWeights(F: Float32Array, d: number, order: readonly number[], noise = 0, seed = 0): InitialWeights {
  const h = order.length;
  const rng = new Rng(seed);
  const W_dec = new Float32Array(h * d);
  order.forEach((feature, i) => {
    for (let k = 0; k < d; k++) W_dec[i * d + k] = F[feature * d + k] + (noise > 0 ? noise * rng.normal() : 0);
  });
  const W_enc = new Float32Array(d * h);
  for (let i = 0; i < h; i++) for (let k = 0; k < d; k++) W_enc[k * h + i] = W_dec[i * d + k];
  return { W_enc, b_enc: new Float32Array(h), W_dec, b_dec: new Float32Array(d) };
}
