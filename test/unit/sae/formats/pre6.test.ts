import assert from 'node:assert/strict';
import { loadSae } from '../../../../src/engine/sae/formats';
import { isPre6Config, upgradePre6Config } from '../../../../src/engine/sae/formats/saelensPre6';
import { f32, useTempDir, writeJson, writeSaeLensFolder } from './helpers';

const FLAT = { d_in: 4, d_sae: 6, hook_point: 'blocks.0.hook_resid_pre', model_name: 'gpt2-small' };

describe('sae/formats pre-6.0 cfg.json upgrade (SAELens handle_pre_6_0_config)', () => {
  it('tells pre-6.0 configs from v6 ones by sae_lens_version, top level first', () => {
    assert.equal(isPre6Config({ ...FLAT }), true);
    assert.equal(isPre6Config({ ...FLAT, sae_lens_version: '5.10.2' }), true);
    assert.equal(isPre6Config({ ...FLAT, sae_lens_version: '6.0.0-rc.0' }), false);
    assert.equal(isPre6Config({ d_in: 4, metadata: { sae_lens_version: '6.18.0' } }), false);
    assert.equal(isPre6Config({ d_in: 4, metadata: { sae_lens_version: '4.0.0' } }), true);
    assert.equal(isPre6Config({ sae_lens_version: '3.0.0', metadata: { sae_lens_version: '6.1.0' } }), true);
    // No version at all: a nested metadata object marks the v6 schema (SAELens would call it pre-6.0).
    assert.equal(isPre6Config({ d_in: 4, metadata: { hook_name: 'hook_embed' } }), false);
  });

  it('renames hook_point, hook_point_head_index and activation_fn_str', () => {
    const cfg = upgradePre6Config({ ...FLAT, hook_point_head_index: 3, activation_fn_str: 'relu' });
    assert.equal((cfg.metadata as Record<string, unknown>).hook_name, 'blocks.0.hook_resid_pre');
    assert.equal((cfg.metadata as Record<string, unknown>).hook_head_index, 3);
    assert.equal(cfg.architecture, 'standard');
  });

  it('fills the defaults, keeping values already present (even false or null)', () => {
    const defaults = upgradePre6Config({ ...FLAT });
    assert.deepEqual(defaults, {
      d_in: 4,
      d_sae: 6,
      device: 'cpu',
      apply_b_dec_to_input: true,
      normalize_activations: 'none',
      reshape_activations: 'none',
      metadata: { model_name: 'gpt2-small', hook_name: 'blocks.0.hook_resid_pre', prepend_bos: true, sae_lens_training_version: null, neuronpedia_id: null },
      architecture: 'standard',
    });
    const kept = upgradePre6Config({ ...FLAT, apply_b_dec_to_input: false, prepend_bos: false, neuronpedia_id: 'gpt2-small/0-res-jb', architecture: 'gated' });
    assert.equal(kept.apply_b_dec_to_input, false);
    assert.equal(kept.architecture, 'gated');
    const metadata = kept.metadata as Record<string, unknown>;
    assert.deepEqual([metadata.prepend_bos, metadata.neuronpedia_id], [false, 'gpt2-small/0-res-jb']);
  });

  it('maps a boolean normalize_activations, and null to "none"', () => {
    assert.equal(upgradePre6Config({ ...FLAT, normalize_activations: true }).normalize_activations, 'expected_average_only_in');
    assert.equal(upgradePre6Config({ ...FLAT, normalize_activations: false }).normalize_activations, 'none');
    assert.equal(upgradePre6Config({ ...FLAT, normalize_activations: null }).normalize_activations, 'none');
    assert.equal(upgradePre6Config({ ...FLAT, normalize_activations: 'constant_norm_rescale' }).normalize_activations, 'constant_norm_rescale');
  });

  it('reshapes hook_z activations', () => {
    assert.equal(upgradePre6Config({ ...FLAT, hook_point: 'blocks.4.attn.hook_z' }).reshape_activations, 'hook_z');
  });

  it('turns activation_fn topk with activation_fn_kwargs.k into architecture topk', () => {
    const cfg = upgradePre6Config({ ...FLAT, activation_fn_str: 'topk', activation_fn_kwargs: { k: 32 } });
    assert.equal(cfg.architecture, 'topk');
    assert.equal(cfg.k, 32);
    const explicit = upgradePre6Config({ ...FLAT, architecture: 'topk', activation_fn_kwargs: { k: 8 }, rescale_acts_by_decoder_norm: true });
    assert.deepEqual([explicit.k, explicit.rescale_acts_by_decoder_norm], [8, true]);
  });

  it('keeps only config-class fields and moves the LLM keys into metadata', () => {
    const cfg = upgradePre6Config({ ...FLAT, l1_coefficient: 5, lr: 3e-4, context_size: 128, dataset_path: 'pile', sae_lens_version: '3.0.0', device: 'cuda' });
    assert.equal('l1_coefficient' in cfg, false);
    assert.equal('lr' in cfg, false);
    assert.equal(cfg.device, 'cuda');
    const metadata = cfg.metadata as Record<string, unknown>;
    assert.deepEqual([metadata.context_size, metadata.dataset_path, metadata.sae_lens_version], [128, 'pile', '3.0.0']);
  });
});

describe('sae/formats pre-6.0 folders', () => {
  const temp = useTempDir();

  it('load through the upgrade', async () => {
    await writeSaeLensFolder(temp('sae'));
    writeJson(temp('sae', 'cfg.json'), { ...FLAT, normalize_activations: true, sae_lens_version: '2.1.3' });
    const { cfg, source } = await loadSae(temp('sae'));
    assert.equal(source.format, 'saelens-pre6');
    assert.equal(cfg.normalize_activations, 'expected_average_only_in');
    assert.equal(cfg.metadata.hook_name, 'blocks.0.hook_resid_pre');
  });

  it('drop an all-ones legacy scaling_factor and fold a declared finetuning one into W_dec rows', async () => {
    await writeSaeLensFolder(temp('ones'), { tensors: { scaling_factor: f32([6], [1, 1, 1, 1, 1, 1]) } });
    writeJson(temp('ones', 'cfg.json'), FLAT);
    assert.deepEqual((await loadSae(temp('ones'))).W_dec, f32([6, 4]).data);

    const scale = [1, 2, 1, 1, 1, 0.5];
    await writeSaeLensFolder(temp('tuned'), { tensors: { scaling_factor: f32([6], scale) } });
    writeJson(temp('tuned', 'cfg.json'), { ...FLAT, finetuning_scaling_factor: true });
    const W_dec = (await loadSae(temp('tuned'))).W_dec;
    assert.deepEqual(W_dec, Float32Array.from({ length: 24 }, (_, i) => i * scale[Math.floor(i / 4)]));
  });
});
