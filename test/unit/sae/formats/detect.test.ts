import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectSaeFormat, loadSae } from '../../../../src/engine/sae/formats';
import { transpose } from '../../../../src/engine/sae/formats/orientation';
import { assertFormatError, f32, SAE_FIXTURES, useTempDir, writeJson, writeSaeLensFolder, writeTensors } from './helpers';

const fixture = (...parts: string[]) => join(SAE_FIXTURES, ...parts);

describe('sae/formats detectSaeFormat', () => {
  const temp = useTempDir();

  const files: [string, string, string][] = [
    ['a SAELens weights file', fixture('saelens', 'standard', 'sae_weights.safetensors'), 'saelens'],
    ['a sparsify weights file', fixture('sparsify', 'layers.2', 'sae.safetensors'), 'sparsify'],
    ['a Gemma Scope params.npz', fixture('gemma-scope-2b-pt-res', 'layer_3', 'width_16k', 'average_l0_5', 'params.npz'), 'gemma-scope'],
    ['a Llama Scope checkpoint', fixture('llama_scope', 'Llama3_1-8B-Base-L3R-8x', 'checkpoints', 'final.safetensors'), 'llama-scope'],
    ['a dictionary_learning ae.safetensors', fixture('dictionary_learning', 'trainer_0', 'ae.safetensors'), 'dictionary-learning'],
  ];
  for (const [what, file, format] of files) {
    it(`recognises ${what} given directly`, async () => {
      const found = await detectSaeFormat(file);
      assert.equal(found.format, format);
      assert.equal(found.weights, file);
    });
  }

  it('pairs a dictionary_learning file with its config.json', async () => {
    const found = await detectSaeFormat(fixture('dictionary_learning', 'trainer_0'));
    assert.deepEqual(found, {
      format: 'dictionary-learning',
      weights: fixture('dictionary_learning', 'trainer_0', 'ae.safetensors'),
      config: fixture('dictionary_learning', 'trainer_0', 'config.json'),
    });
  });

  it('recognises a lone dictionary_learning file of any name by its tensor names', async () => {
    copyFileSync(fixture('dictionary_learning', 'trainer_1', 'ae.safetensors'), temp('gated_ae.safetensors'));
    assert.equal((await loadSae(temp('gated_ae.safetensors'))).cfg.architecture, 'gated');
  });

  it('lists the hookpoints of a multi-hookpoint sparsify folder instead of guessing one', async () => {
    await assertFormatError(loadSae(fixture('sparsify')), 'unsupported', fixture('sparsify'), /embed_tokens, layers\.2.*load one of these subfolders/);
  });

  it('names the hook only for hookpoints with a TransformerLens equivalent, seed subfolders included', async () => {
    for (const name of ['cfg.json', 'sae.safetensors']) copyFileSync(fixture('sparsify', 'layers.2', name), temp(name));
    assert.equal((await loadSae(temp())).cfg.metadata.hook_name, undefined);
    writeJson(temp('layers_7', 'seed3', 'cfg.json'), { d_in: 6, num_latents: 12, k: 3 });
    copyFileSync(fixture('sparsify', 'layers.2', 'sae.safetensors'), temp('layers_7', 'seed3', 'sae.safetensors'));
    const seeded = await loadSae(temp('layers_7', 'seed3'));
    assert.deepEqual(seeded.cfg.metadata, { sparsify_hookpoint: 'layers_7', hook_name: 'blocks.7.hook_resid_post' });
  });
});

describe('sae/formats orientation by shape', () => {
  const temp = useTempDir();

  it('transposes matrices stored the other way round when d_in ≠ d_sae', async () => {
    await writeSaeLensFolder(temp('sae'), { tensors: { W_enc: f32([6, 4]), W_dec: f32([4, 6]) } });
    const bundle = await loadSae(temp('sae'));
    assert.deepEqual(bundle.W_enc, transpose(f32([6, 4]).data, 6, 4));
    assert.deepEqual(bundle.W_dec, transpose(f32([4, 6]).data, 4, 6));
  });

  it("keeps sparsify's W_dec [F, d] as it is and transposes its encoder.weight", async () => {
    const bundle = await loadSae(fixture('sparsify', 'layers.2'));
    assert.equal(bundle.cfg.d_sae, 12);
    assert.equal(bundle.W_dec.length, 12 * 6);
  });

  it("falls back to the format's own layout when d_in = d_sae leaves the shape no say", async () => {
    const square = f32([4, 4]);
    await writeSaeLensFolder(temp('saelens'), { cfg: { d_in: 4, d_sae: 4 }, tensors: { W_enc: square, W_dec: square } });
    assert.deepEqual((await loadSae(temp('saelens'))).W_enc, square.data);
    await writeTensors(temp('dl', 'ae.safetensors'), { 'encoder.weight': square, 'encoder.bias': f32([4]), 'decoder.weight': square, bias: f32([4]) });
    const autoEncoder = await loadSae(temp('dl'));
    assert.deepEqual(autoEncoder.W_enc, transpose(square.data, 4, 4));
    assert.deepEqual(autoEncoder.W_dec, transpose(square.data, 4, 4));
  });

  it('refuses a matrix whose shape fits neither orientation of the cfg dims', async () => {
    await writeSaeLensFolder(temp('sae'), { tensors: { W_enc: f32([5, 5]) } });
    const message = /"W_enc" has shape \[5, 5\] but d_in = 4 and d_sae = 6 call for \[4, 6\] or \[6, 4\]/;
    await assertFormatError(loadSae(temp('sae')), 'shape-mismatch', temp('sae', 'sae_weights.safetensors'), message);
  });

  it('refuses a square matrix when the cfg says the SAE is not square', async () => {
    await writeSaeLensFolder(temp('sae'), { cfg: { d_in: 4, d_sae: 6 }, tensors: { W_dec: f32([4, 4]) } });
    await assertFormatError(loadSae(temp('sae')), 'shape-mismatch', temp('sae', 'sae_weights.safetensors'), /"W_dec" has shape \[4, 4\]/);
  });
});
