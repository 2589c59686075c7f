import assert from 'node:assert/strict';
import type { SaeArchitecture } from '../../../../src/engine/sae/bundle';
import { foldActivationScaling, foldDecoderNorms, inferenceBundle } from '../../../../src/engine/sae/formats';
import { assertClose, randomBatch, randomBundle } from './helpers';
import { decode, encode } from './reference';

const rowNorms = (W_dec: Float32Array, d_in: number) =>
  Array.from({ length: W_dec.length / d_in }, (_, i) => Math.hypot(...W_dec.subarray(i * d_in, (i + 1) * d_in)));

describe('sae/formats foldDecoderNorms', () => {
  const foldable: SaeArchitecture[] = ['standard', 'jumprelu', 'gated', 'topk', 'batchtopk'];
  for (const architecture of foldable) {
    it(`leaves a ${architecture} SAE's encode → decode unchanged and its decoder rows at unit norm`, () => {
      const bundle = randomBundle(architecture, { seed: 5 });
      const folded = foldDecoderNorms(bundle);
      const x = randomBatch(6, 5);
      const before = decode(bundle, encode(bundle, x));
      assertClose(decode(folded, encode(folded, x)), before, 1e-5, 'recon');
      for (const norm of rowNorms(folded.W_dec, 5)) assert.ok(Math.abs(norm - 1) < 1e-6, `row norm ${norm}`);
      assert.notDeepEqual(rowNorms(bundle.W_dec, 5).map((n) => Math.round(n * 1e4)), rowNorms(folded.W_dec, 5).map((n) => Math.round(n * 1e4)));
    });
  }

  it('scales threshold (jumprelu) and b_gate / b_mag but not r_mag (gated) by the norms', () => {
    const jumprelu = randomBundle('jumprelu');
    const norms = rowNorms(jumprelu.W_dec, 5);
    const threshold = foldDecoderNorms(jumprelu).extras.threshold.data;
    threshold.forEach((t, i) => assert.ok(Math.abs(t - jumprelu.extras.threshold.data[i] * norms[i]) < 1e-6));
    const gated = randomBundle('gated');
    const folded = foldDecoderNorms(gated);
    assert.deepEqual(folded.extras.r_mag, gated.extras.r_mag);
    folded.extras.b_mag.data.forEach((b, i) => assert.ok(Math.abs(b - gated.extras.b_mag.data[i] * rowNorms(gated.W_dec, 5)[i]) < 1e-6));
  });

  it('refuses the topk family without rescale_acts_by_decoder_norm, as SAELens does', () => {
    for (const architecture of ['topk', 'batchtopk', 'matryoshka_batchtopk'] as const) {
      const bundle = randomBundle(architecture);
      bundle.cfg.rescale_acts_by_decoder_norm = false;
      assert.throws(() => foldDecoderNorms(bundle), /without rescale_acts_by_decoder_norm/);
    }
  });

  it('leaves a latent with an all-zero decoder row alone and does not touch its input', () => {
    const bundle = randomBundle('standard');
    bundle.W_dec.fill(0, 0, 5);
    const copy = structuredClone(bundle);
    const folded = foldDecoderNorms(bundle);
    assert.deepEqual(bundle, copy);
    assert.deepEqual(Array.from(folded.W_dec.subarray(0, 5)), [0, 0, 0, 0, 0]);
    assert.equal(folded.b_enc[0], bundle.b_enc[0]);
    assert.ok(folded.W_dec.every(Number.isFinite));
  });
});

describe('sae/formats foldActivationScaling', () => {
  it('makes an SAE trained on inputs × s take raw inputs', () => {
    const bundle = randomBundle('jumprelu', { seed: 4 });
    bundle.cfg.normalize_activations = 'expected_average_only_in';
    const s = 1.7;
    const folded = foldActivationScaling(bundle, s);
    assert.equal(folded.cfg.normalize_activations, 'none');
    const x = randomBatch(5, 5);
    const scaledX = x.map((row) => row.map((v) => v * s));
    assertClose(encode(folded, x), encode(bundle, scaledX), 1e-5, 'acts');
    assertClose(decode(folded, encode(folded, x)), decode(bundle, encode(bundle, scaledX)).map((row) => row.map((v) => v / s)), 1e-5, 'recon');
  });

  it('divides a rescaled BatchTopK topk_threshold by s, so the JumpReLU export still matches', () => {
    const bundle = randomBundle('batchtopk', { seed: 6 });
    const s = 1.7;
    const folded = foldActivationScaling(bundle, s);
    assert.ok(Math.abs(folded.extras.topk_threshold.data[0] - 0.125 / s) < 1e-7);
    const x = randomBatch(5, 5);
    const exported = inferenceBundle(folded);
    const original = inferenceBundle(bundle);
    const scaledX = x.map((row) => row.map((v) => v * s));
    const want = decode(original, encode(original, scaledX)).map((row) => row.map((v) => v / s));
    assertClose(decode(exported, encode(exported, x)), want, 1e-5, 'recon');
  });
});
