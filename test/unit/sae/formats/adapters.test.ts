import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readNpz, writeNpz } from '../../../../src/engine/io';
import { loadSae } from '../../../../src/engine/sae/formats';
import { f32, SAE_FIXTURES, useTempDir, writeJson, writeSaeLensFolder, writeTensors } from './helpers';

const float64Scalar = (value: number) => ({ dtype: 'F64' as const, shape: [], data: Float64Array.of(value) });

describe('sae/formats SAELens training checkpoints', () => {
  const temp = useTempDir();

  it('load a BatchTopK checkpoint with its float64 topk_threshold and fractional k', async () => {
    await writeSaeLensFolder(temp('ckpt'), {
      cfg: { architecture: 'batchtopk', k: 1.5, topk_threshold_lr: 0.01, aux_loss_coefficient: 1 },
      tensors: { topk_threshold: float64Scalar(0.375) },
    });
    const { cfg, extras } = await loadSae(temp('ckpt'));
    assert.deepEqual([cfg.architecture, cfg.k, cfg.rescale_acts_by_decoder_norm], ['batchtopk', 1.5, true]);
    assert.deepEqual(extras.topk_threshold, { shape: [], data: Float32Array.of(0.375) });
    assert.deepEqual(cfg.extra, { topk_threshold_lr: 0.01, aux_loss_coefficient: 1 });
  });

  it('load a Matryoshka checkpoint, completing its widths with d_sae as SAELens does', async () => {
    await writeSaeLensFolder(temp('ckpt'), {
      cfg: { architecture: 'matryoshka_batchtopk', k: 2, matryoshka_widths: [2, 4] },
      tensors: { topk_threshold: float64Scalar(0.5) },
    });
    assert.deepEqual((await loadSae(temp('ckpt'))).cfg.matryoshka_widths, [2, 4, 6]);
  });

  it('turn a JumpReLU log_threshold into threshold', async () => {
    await writeSaeLensFolder(temp('ckpt'), { cfg: { architecture: 'jumprelu' }, tensors: { log_threshold: f32([6], [0, Math.log(2), 0, 0, 0, -1]) } });
    const threshold = (await loadSae(temp('ckpt'))).extras.threshold.data;
    assert.deepEqual(Array.from(threshold), Array.from(Float32Array.from([1, 2, 1, 1, 1, Math.exp(-1)])));
  });

  it('fold an unfolded activation_scaler.json factor into the weights', async () => {
    await writeSaeLensFolder(temp('ckpt'), { cfg: { normalize_activations: 'expected_average_only_in' } });
    writeJson(temp('ckpt', 'activation_scaler.json'), { scaling_factor: 2 });
    const bundle = await loadSae(temp('ckpt'));
    assert.equal(bundle.cfg.normalize_activations, 'none');
    assert.deepEqual(bundle.W_enc, f32([4, 6]).data.map((v) => v * 2));
    assert.deepEqual(bundle.W_dec, f32([6, 4]).data.map((v) => v / 2));
    assert.deepEqual(bundle.b_dec, f32([4]).data.map((v) => v / 2));
    assert.deepEqual(bundle.b_enc, f32([6]).data);

    writeJson(temp('ckpt', 'activation_scaler.json'), { scaling_factor: null });
    const folded = await loadSae(temp('ckpt'));
    assert.equal(folded.cfg.normalize_activations, 'expected_average_only_in');
    assert.deepEqual(folded.W_enc, f32([4, 6]).data);
  });
});

describe('sae/formats dictionary_learning classes', () => {
  const temp = useTempDir();
  const linear = (d: number, f: number) => ({ 'encoder.weight': f32([f, d]), 'encoder.bias': f32([f]), 'decoder.weight': f32([d, f]) });

  it('keeps a BatchTopKSAE whose threshold was never set (−1) as batchtopk', async () => {
    const k = { dtype: 'I32' as const, shape: [], data: Int32Array.of(2) };
    await writeTensors(temp('ae.safetensors'), { ...linear(4, 6), b_dec: f32([4]), k, threshold: f32([], [-1]) });
    writeJson(temp('config.json'), { trainer: { dict_class: 'BatchTopKSAE', activation_dim: 4, dict_size: 6, k: 2 } });
    const { cfg, extras } = await loadSae(temp());
    assert.deepEqual([cfg.architecture, cfg.k, cfg.apply_b_dec_to_input], ['batchtopk', 2, true]);
    assert.deepEqual(extras.topk_threshold.data, Float32Array.of(0));
  });

  it('reads a MatryoshkaBatchTopKSAE, its group sizes becoming cumulative widths', async () => {
    await writeTensors(temp('ae.safetensors'), {
      W_enc: f32([4, 6]),
      b_enc: f32([6]),
      W_dec: f32([6, 4]),
      b_dec: f32([4]),
      k: { dtype: 'I32', shape: [], data: Int32Array.of(2) },
      threshold: f32([], [-1]),
      group_sizes: { dtype: 'I64', shape: [3], data: BigInt64Array.of(1n, 2n, 3n) },
    });
    const { cfg } = await loadSae(temp('ae.safetensors'));
    assert.deepEqual([cfg.architecture, cfg.matryoshka_widths], ['matryoshka_batchtopk', [1, 3, 6]]);
  });

  it('reads AutoEncoderTopK with k from config.json when the file has none', async () => {
    await writeTensors(temp('ae.safetensors'), { ...linear(4, 6), b_dec: f32([4]) });
    writeJson(temp('config.json'), { trainer: { dict_class: 'AutoEncoderTopK', k: 3, layer: 2, submodule_name: 'mlp_out_layer_2' }, buffer: { ctx_len: 64 } });
    const { cfg } = await loadSae(temp());
    assert.deepEqual([cfg.architecture, cfg.k, cfg.rescale_acts_by_decoder_norm], ['topk', 3, false]);
    assert.deepEqual(cfg.metadata, { dict_class: 'AutoEncoderTopK', hook_name: 'blocks.2.hook_mlp_out', context_size: 64 });
  });

  it('reads AutoEncoderNew without subtracting its decoder bias from the input', async () => {
    await writeTensors(temp('ae.safetensors'), { ...linear(4, 6), 'decoder.bias': f32([4]) });
    const { cfg, b_dec } = await loadSae(temp('ae.safetensors'));
    assert.deepEqual([cfg.architecture, cfg.apply_b_dec_to_input], ['standard', false]);
    assert.deepEqual(b_dec, f32([4]).data);
  });
});

describe('sae/formats Gemma Scope and Llama Scope details', () => {
  const temp = useTempDir();
  const gemmaFixture = join(SAE_FIXTURES, 'gemma-scope-2b-pt-res', 'layer_3', 'width_16k', 'average_l0_5', 'params.npz');

  it('undoes the sqrt(d_model) scale of embedding SAEs and accepts lower-case w_enc / w_dec', async () => {
    const arrays = await readNpz(gemmaFixture);
    const { W_enc, W_dec, ...rest } = arrays;
    const path = temp('gemma-scope-2b-pt-res', 'embedding', 'width_4k', 'average_l0_6', 'params.npz');
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(gemmaFixture, temp('plain.npz'));
    await writeNpz(path, { ...rest, w_enc: W_enc, w_dec: W_dec });
    const plain = await loadSae(temp('plain.npz'));
    const embedding = await loadSae(path);
    assert.deepEqual(embedding.cfg.metadata, { model_name: 'gemma-2-2b', hook_name: 'hook_embed' });
    assert.deepEqual(embedding.W_enc, plain.W_enc.map((v) => v / 2));
    assert.deepEqual(embedding.W_dec, plain.W_dec.map((v) => v * 2));
  });

  it('keeps Llama Scope weights unscaled when hyperparams.json gives no dataset norm', async () => {
    const folder = join(SAE_FIXTURES, 'llama_scope', 'Llama3_1-8B-Base-L3R-8x');
    writeJson(temp('hyperparams.json'), { d_model: 6, d_sae: 12, hook_point_in: 'blocks.3.hook_resid_post', jump_relu_threshold: 0.5 });
    copyFileSync(join(folder, 'checkpoints', 'final.safetensors'), temp('final.safetensors'));
    const bundle = await loadSae(temp());
    assert.deepEqual(bundle.extras.threshold.data, new Float32Array(12).fill(0.5));
    assert.equal(bundle.cfg.dtype, 'bfloat16');
  });
});
