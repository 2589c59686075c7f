import assert from 'node:assert/strict';
import {
  decoderFeatureCosines,
  encoderFeatureCosines,
  meanMaxCosine,
  oneToOneMatch,
  type CosineMatrix,
} from '../../../../src/engine/sae/metrics';
import { assertClose, randomMatrix } from './helpers';

const g = 5;
const permutation = [3, 0, 4, 1, 2];
const scales = [0.5, 1, 2, 3, 0.25];

function identity(n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** Decoder rows = features in permuted order, each rescaled by a positive factor. */
function permutedDecoder(): Float32Array {
  const W_dec = new Float32Array(g * g);
  permutation.forEach((feature, latent) => (W_dec[latent * g + feature] = scales[latent]));
  return W_dec;
}

describe('sae/metrics ground truth', () => {
  it('gives C[i, j] = cos(W_dec[i,:], f_j)', () => {
    const C = decoderFeatureCosines(Float32Array.from([1, 0, 1, 1]), 2, 2, Float32Array.from([0, 2, 3, 0]), 2);
    assert.equal(C.latents, 2);
    assert.equal(C.features, 2);
    C.data.forEach((c, k) => assertClose(c, [0, 1, Math.SQRT1_2, Math.SQRT1_2][k], 1e-7));
  });

  it('scores a permuted, rescaled identity dictionary 1 everywhere and recovers the permutation', () => {
    const C = decoderFeatureCosines(permutedDecoder(), g, g, identity(g), g);
    const mmcs = meanMaxCosine(C);
    assert.equal(mmcs.perFeature, 1);
    assert.equal(mmcs.perLatent, 1);
    assert.deepEqual(mmcs.latentBestFeature, Int32Array.from(permutation));
    const match = oneToOneMatch(C);
    assert.equal(match.score, 1);
    assert.deepEqual(match.latentToFeature, Int32Array.from(permutation));
  });

  it('reads encoder columns against the features', () => {
    // W_enc [d_in, d_sae] = W_decᵀ: column i is latent i.
    const W_dec = permutedDecoder();
    const W_enc = new Float32Array(g * g);
    for (let i = 0; i < g; i++) for (let d = 0; d < g; d++) W_enc[d * g + i] = W_dec[i * g + d];
    const C = encoderFeatureCosines(W_enc, g, g, identity(g), g);
    assert.deepEqual(C, decoderFeatureCosines(W_dec, g, g, identity(g), g));
  });

  it('keeps per-feature MMCS and the match at 1 when extra latents are noise', () => {
    const extra = 4;
    const W_dec = new Float32Array((g + extra) * g);
    W_dec.set(permutedDecoder());
    W_dec.set(randomMatrix(4, extra, g), g * g);
    const C = decoderFeatureCosines(W_dec, g + extra, g, identity(g), g);
    assertClose(meanMaxCosine(C).perFeature, 1, 1e-7);
    assert.ok(meanMaxCosine(C).perLatent < 1, 'the noise latents match nothing fully');
    const match = oneToOneMatch(C);
    assertClose(match.score, 1, 1e-7);
    assert.equal([...match.latentToFeature].filter((f) => f < 0).length, extra);
  });

  it('counts a sign-flipped latent only under |cos|', () => {
    const W_dec = permutedDecoder();
    W_dec[0 * g + permutation[0]] *= -1;
    const C = decoderFeatureCosines(W_dec, g, g, identity(g), g);
    assert.equal(meanMaxCosine(C, 'absolute').perFeature, 1);
    assert.equal(oneToOneMatch(C, 'absolute').score, 1);
    assert.ok(meanMaxCosine(C).perFeature < 1);
    assert.equal(oneToOneMatch(C).score, (g - 2) / g, 'the flipped latent scores −1 on its feature, or two latents give up a match of 1');
  });

  it('separates feature-side MMCS, latent-side MMCS and the one-to-one match on a hand case', () => {
    // Both latents prefer feature 0, so greedy would double-book it; the match pairs latent 0 with feature 1.
    const C: CosineMatrix = { data: Float32Array.from([0.9, 0.8, 0.85, 0.1]), latents: 2, features: 2 };
    const mmcs = meanMaxCosine(C);
    assertClose(mmcs.perFeature, (0.9 + 0.8) / 2, 1e-7);
    assertClose(mmcs.perLatent, (0.9 + 0.85) / 2, 1e-7);
    assert.deepEqual(mmcs.featureBestLatent, Int32Array.from([0, 0]));
    const match = oneToOneMatch(C);
    assertClose(match.score, (0.8 + 0.85) / 2, 1e-7);
    assert.deepEqual(match.latentToFeature, Int32Array.from([1, 0]));
  });

  it('divides the match by min(g, h) when there are fewer latents than features', () => {
    const C: CosineMatrix = { data: Float32Array.from([0.2, 0.9, 0.4]), latents: 1, features: 3 };
    assertClose(oneToOneMatch(C).score, 0.9, 1e-7);
    assertClose(meanMaxCosine(C).perFeature, (0.2 + 0.9 + 0.4) / 3, 1e-7);
  });
});
