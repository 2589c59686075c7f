import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readSafetensors } from '../../../../src/engine/io';
import type { SaeArchitecture, SaeBundle } from '../../../../src/engine/sae/bundle';
import { inferenceBundle, loadSae, logFeatureSparsity, saveSaeLensFolder } from '../../../../src/engine/sae/formats';
import { assertClose, randomBatch, randomBundle, useTempDir } from './helpers';
import { decode, encode } from './reference';

const ARCHITECTURES: SaeArchitecture[] = ['standard', 'topk', 'jumprelu', 'gated', 'batchtopk', 'matryoshka_batchtopk'];

/** Everything but `source` (where it was loaded from) and `dtype` (what the file held), compared bit for bit. */
function assertSameSae(actual: SaeBundle, expected: SaeBundle): void {
  const { source: _a, ...gotRest } = actual;
  const { source: _b, ...wantRest } = expected;
  assert.deepEqual({ ...gotRest, cfg: { ...gotRest.cfg, dtype: 'any' } }, { ...wantRest, cfg: { ...wantRest.cfg, dtype: 'any' } });
}

describe('sae/formats saveSaeLensFolder → loadSae', () => {
  const temp = useTempDir();

  for (const architecture of ARCHITECTURES) {
    it(`round-trips a ${architecture} SAE bit for bit (saved as it is)`, async () => {
      const bundle = randomBundle(architecture);
      await saveSaeLensFolder(temp('sae'), bundle, { inference: false });
      const loaded = await loadSae(temp('sae'));
      assertSameSae(loaded, bundle);
      assert.equal(loaded.cfg.dtype, 'float32');
      assert.deepEqual(loaded.source, { format: 'saelens', path: temp('sae') });
    });
  }

  it('round-trips the inference architectures bit for bit with the default options too', async () => {
    for (const architecture of ['standard', 'topk', 'jumprelu', 'gated'] as const) {
      const bundle = randomBundle(architecture, { seed: 2 });
      await saveSaeLensFolder(temp(architecture), bundle);
      assertSameSae(await loadSae(temp(architecture)), bundle);
    }
  });

  it('writes the tensor names, shapes and dtypes SAELens uses', async () => {
    await saveSaeLensFolder(temp('gated'), randomBundle('gated'));
    const gated = await readSafetensors(temp('gated', 'sae_weights.safetensors'));
    assert.deepEqual(Object.keys(gated.tensors).sort(), ['W_dec', 'W_enc', 'b_dec', 'b_gate', 'b_mag', 'r_mag']);
    assert.deepEqual(gated.tensors.W_enc.shape, [5, 7]);
    assert.deepEqual(gated.tensors.W_dec.shape, [7, 5]);
    await saveSaeLensFolder(temp('btk'), randomBundle('batchtopk'), { inference: false });
    const btk = await readSafetensors(temp('btk', 'sae_weights.safetensors'));
    assert.equal(btk.tensors.topk_threshold.dtype, 'F64');
    assert.deepEqual(btk.tensors.topk_threshold.shape, []);
  });

  it('writes a v6 cfg.json with the architecture keys', async () => {
    await saveSaeLensFolder(temp('m'), randomBundle('matryoshka_batchtopk'), { inference: false });
    const cfg = JSON.parse(readFileSync(temp('m', 'cfg.json'), 'utf8'));
    assert.deepEqual(cfg, {
      architecture: 'matryoshka_batchtopk',
      d_in: 5,
      d_sae: 7,
      dtype: 'float32',
      apply_b_dec_to_input: true,
      normalize_activations: 'none',
      k: 2.5,
      rescale_acts_by_decoder_norm: true,
      matryoshka_widths: [2, 4, 7],
      device: 'cpu',
      metadata: { model_name: 'toy', hook_name: 'blocks.0.hook_resid_post', sae_lens_version: '6.18.0' },
    });
  });

  it('declares a v6 schema version so SAELens keeps the metadata', async () => {
    const bundle = randomBundle('standard');
    bundle.cfg.metadata = { hook_name: 'hook_embed', sae_lens_version: '3.2.1' };
    await saveSaeLensFolder(temp('old'), bundle);
    assert.equal(JSON.parse(readFileSync(temp('old', 'cfg.json'), 'utf8')).metadata.sae_lens_version, '6.0.0');
    bundle.cfg.metadata = {};
    await saveSaeLensFolder(temp('none'), bundle);
    assert.equal(JSON.parse(readFileSync(temp('none', 'cfg.json'), 'utf8')).metadata.sae_lens_version, '6.0.0');
  });

  it('writes sparsity.safetensors from the option, or keeps the loaded one', async () => {
    const bundle = randomBundle('standard');
    const sparsity = logFeatureSparsity([0.5, 0, 1e-3, 0.25, 1, 0.1, 0.01]);
    assert.equal(sparsity[1], -10);
    await saveSaeLensFolder(temp('a'), bundle, { sparsity });
    const loaded = await loadSae(temp('a'));
    assert.deepEqual(loaded.extras.sparsity, { shape: [7], data: sparsity });
    await saveSaeLensFolder(temp('b'), loaded);
    assert.deepEqual((await readSafetensors(temp('b', 'sparsity.safetensors'))).tensors.sparsity.data, sparsity);
    assert.deepEqual(Object.keys((await readSafetensors(temp('b', 'sae_weights.safetensors'))).tensors).sort(), ['W_dec', 'W_enc', 'b_dec', 'b_enc']);
  });

  it('replaces an existing folder whole and leaves no temporary folders', async () => {
    mkdirSync(temp('out', 'sae'), { recursive: true });
    writeFileSync(temp('out', 'sae', 'stale.txt'), 'old');
    await saveSaeLensFolder(temp('out', 'sae'), randomBundle('jumprelu'));
    assert.deepEqual(readdirSync(temp('out')), ['sae']);
    assert.deepEqual(readdirSync(temp('out', 'sae')).sort(), ['cfg.json', 'sae_weights.safetensors']);
  });

  it('leaves the old folder in place when the bundle cannot be saved', async () => {
    await saveSaeLensFolder(temp('out', 'sae'), randomBundle('standard'));
    const before = readFileSync(temp('out', 'sae', 'sae_weights.safetensors'));
    const broken = randomBundle('jumprelu');
    delete broken.extras.threshold;
    await assert.rejects(saveSaeLensFolder(temp('out', 'sae'), broken), /needs the tensor "threshold"/);
    assert.deepEqual(readFileSync(temp('out', 'sae', 'sae_weights.safetensors')), before);
    assert.deepEqual(readdirSync(temp('out')), ['sae']);
  });
});

describe('sae/formats inferenceBundle', () => {
  const temp = useTempDir();

  for (const architecture of ['batchtopk', 'matryoshka_batchtopk'] as const) {
    it(`saves ${architecture} as jumprelu with threshold = topk_threshold, as save_inference_model does`, async () => {
      const bundle = randomBundle(architecture);
      bundle.cfg.extra = { device: 'cpu', topk_threshold_lr: 0.01, aux_loss_coefficient: 1 };
      await saveSaeLensFolder(temp('sae'), bundle);
      const loaded = await loadSae(temp('sae'));
      assert.equal(loaded.cfg.architecture, 'jumprelu');
      assert.deepEqual(loaded.extras.threshold, { shape: [7], data: new Float32Array(7).fill(0.125) });
      assert.equal(loaded.extras.topk_threshold, undefined);
      assert.deepEqual(loaded.cfg.extra, { device: 'cpu' });
      const cfg = JSON.parse(readFileSync(temp('sae', 'cfg.json'), 'utf8'));
      for (const key of ['k', 'rescale_acts_by_decoder_norm', 'matryoshka_widths']) assert.equal(key in cfg, false, key);
    });
  }

  it('folds decoder norms when converting a rescaled BatchTopK, so JumpReLU keeps the same latents', () => {
    const bundle = randomBundle('batchtopk', { seed: 3 });
    const converted = inferenceBundle(bundle);
    for (let latent = 0; latent < 7; latent++) {
      assert.ok(Math.abs(Math.hypot(...converted.W_dec.subarray(latent * 5, latent * 5 + 5)) - 1) < 1e-6);
    }
    // Per-row JumpReLU with the BatchTopK threshold equals BatchTopK wherever the batch's cut-off is that threshold.
    const x = randomBatch(4, 5);
    const viaThreshold = encode({ ...bundle, cfg: { ...bundle.cfg, k: 7 } }, x).map((row) => row.map((v) => (v > 0.125 ? v : 0)));
    assertClose(decode(converted, encode(converted, x)), decode(bundle, viaThreshold), 1e-5, 'recon');
  });

  it('leaves BatchTopK unfolded without rescaling, and other architectures untouched', () => {
    const plain = randomBundle('batchtopk');
    plain.cfg.rescale_acts_by_decoder_norm = false;
    assert.equal(inferenceBundle(plain).W_dec, plain.W_dec);
    const topk = randomBundle('topk');
    assert.equal(inferenceBundle(topk), topk);
  });
});
