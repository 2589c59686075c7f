import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSae } from '../../../../src/engine/sae/formats';
import { assertFormatError, f32, SAE_FIXTURES, useTempDir, writeJson, writeSaeLensFolder, writeTensors } from './helpers';

describe('sae/formats refuses bad inputs with FormatErrors naming the file', () => {
  const temp = useTempDir();
  const weightsOf = (folder: string) => join(folder, 'sae_weights.safetensors');

  it('a path that does not exist', async () => {
    await assertFormatError(loadSae(temp('nowhere')), 'not-found', temp('nowhere'));
  });

  it('SAELens weights without cfg.json, as a folder or as the file', async () => {
    await writeTensors(weightsOf(temp('sae')), { W_enc: f32([4, 6]) });
    await assertFormatError(loadSae(temp('sae')), 'not-found', temp('sae', 'cfg.json'), /needs its cfg\.json/);
    await assertFormatError(loadSae(weightsOf(temp('sae'))), 'not-found', temp('sae', 'cfg.json'));
  });

  it('cfg.json without weights', async () => {
    writeJson(temp('sae', 'cfg.json'), { architecture: 'standard', d_in: 4, d_sae: 6 });
    await assertFormatError(loadSae(temp('sae')), 'not-found', weightsOf(temp('sae')));
  });

  it('a folder holding no SAE', async () => {
    mkdirSync(temp('empty'));
    await assertFormatError(loadSae(temp('empty')), 'not-found', temp('empty'), /no SAE found/);
  });

  it('cfg.json that is not JSON, or lacks d_in', async () => {
    await writeSaeLensFolder(temp('sae'));
    writeFileSync(temp('sae', 'cfg.json'), '{"d_in": 4,');
    await assertFormatError(loadSae(temp('sae')), 'bad-json', temp('sae', 'cfg.json'));
    writeJson(temp('sae', 'cfg.json'), { architecture: 'standard', d_sae: 6, metadata: {} });
    await assertFormatError(loadSae(temp('sae')), 'bad-json', temp('sae', 'cfg.json'), /"d_in" must be a positive integer \(found missing\)/);
  });

  it('an architecture we do not load', async () => {
    await writeSaeLensFolder(temp('sae'), { cfg: { architecture: 'skip_transcoder' } });
    await assertFormatError(loadSae(temp('sae')), 'unsupported', temp('sae', 'cfg.json'), /architecture "skip_transcoder"; supported: standard/);
  });

  it('a missing tensor', async () => {
    await writeSaeLensFolder(temp('sae'), { cfg: { architecture: 'jumprelu' } });
    await assertFormatError(loadSae(temp('sae')), 'not-found', weightsOf(temp('sae')), /no tensor named "threshold"/);
    await writeSaeLensFolder(temp('sae2'), { tensors: { b_dec: undefined } });
    await assertFormatError(loadSae(temp('sae2')), 'not-found', weightsOf(temp('sae2')), /"b_dec"/);
  });

  it('a bias whose length disagrees with cfg.json', async () => {
    await writeSaeLensFolder(temp('sae'), { tensors: { b_enc: f32([5]) } });
    await assertFormatError(loadSae(temp('sae')), 'shape-mismatch', weightsOf(temp('sae')), /"b_enc" has shape \[5\] but d_sae = 6 calls for \[6\]/);
  });

  it('NaN in a weight, naming the tensor and the first bad index', async () => {
    const W_dec = f32([6, 4]);
    W_dec.data[2 * 4 + 3] = NaN;
    W_dec.data[5 * 4] = NaN;
    await writeSaeLensFolder(temp('sae'), { tensors: { W_dec } });
    await assertFormatError(loadSae(temp('sae')), 'unsupported', weightsOf(temp('sae')), /"W_dec" holds NaN at index \[2, 3\] \(flat index 11\)/);
  });

  it('infinity in a threshold', async () => {
    await writeSaeLensFolder(temp('sae'), { cfg: { architecture: 'jumprelu' }, tensors: { threshold: f32([6], [0, 0, 0, Infinity, 0, 0]) } });
    await assertFormatError(loadSae(temp('sae')), 'unsupported', weightsOf(temp('sae')), /"threshold" holds Infinity at index \[3\]/);
  });

  it('integer weights', async () => {
    await writeSaeLensFolder(temp('sae'), { tensors: { b_dec: { dtype: 'I32', shape: [4], data: new Int32Array(4) } } });
    await assertFormatError(loadSae(temp('sae')), 'dtype-mismatch', weightsOf(temp('sae')), /"b_dec" is I32/);
  });

  it('torch pickles, as a folder or a file, with the conversion to run', async () => {
    const folder = join(SAE_FIXTURES, 'dictionary_learning', 'trainer_2');
    const pickle = join(folder, 'ae.pt');
    const advice = /never unpickled.*safetensors\.torch\.save_file\(torch\.load\("ae\.pt", weights_only=True\), "ae\.safetensors"\)/;
    await assertFormatError(loadSae(folder), 'pickle', pickle, advice);
    await assertFormatError(loadSae(pickle), 'pickle', pickle, advice);
    copyFileSync(pickle, temp('pytorch_model.bin'));
    await assertFormatError(loadSae(temp('pytorch_model.bin')), 'pickle', temp('pytorch_model.bin'), /"pytorch_model\.safetensors"/);
  });

  it('a safetensors file that is no SAE', async () => {
    await writeTensors(temp('model.safetensors'), { 'lm_head.weight': f32([2, 2]) });
    await assertFormatError(loadSae(temp('model.safetensors')), 'unsupported', temp('model.safetensors'), /not a recognised SAE file/);
  });

  it('sparsify variants we cannot represent', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ activation: 'groupmax' }, /activation "groupmax"/],
      [{ transcode: true }, /transcoders/],
      [{ skip_connection: true }, /skip connections/],
    ];
    for (const [cfg, message] of cases) {
      writeJson(temp('hook', 'cfg.json'), { d_in: 6, num_latents: 12, k: 3, ...cfg });
      copyFileSync(join(SAE_FIXTURES, 'sparsify', 'layers.2', 'sae.safetensors'), temp('hook', 'sae.safetensors'));
      await assertFormatError(loadSae(temp('hook')), 'unsupported', temp('hook', 'cfg.json'), message);
    }
  });

  it('a Llama Scope transcoder', async () => {
    const hooks = { hook_point_in: 'blocks.8.ln2.hook_normalized', hook_point_out: 'blocks.8.hook_mlp_out' };
    writeJson(temp('tc', 'hyperparams.json'), { d_model: 6, d_sae: 12, ...hooks, jump_relu_threshold: 0.1 });
    copyFileSync(join(SAE_FIXTURES, 'llama_scope', 'Llama3_1-8B-Base-L3R-8x', 'checkpoints', 'final.safetensors'), temp('tc', 'final.safetensors'));
    await assertFormatError(loadSae(temp('tc')), 'unsupported', temp('tc', 'hyperparams.json'), /transcoders/);
  });

  it('a dictionary_learning class we do not know', async () => {
    copyFileSync(join(SAE_FIXTURES, 'dictionary_learning', 'trainer_0', 'ae.safetensors'), temp('ae.safetensors'));
    writeJson(temp('config.json'), { trainer: { dict_class: 'IdentityDict' } });
    await assertFormatError(loadSae(temp()), 'bad-json', temp('config.json'), /"dict_class" must be one of "AutoEncoder"/);
  });

  it('a legacy scaling_factor that cfg.json does not declare', async () => {
    await writeSaeLensFolder(temp('sae'), { tensors: { scaling_factor: f32([6], [1, 2, 1, 1, 1, 1]) } });
    await assertFormatError(loadSae(temp('sae')), 'unsupported', weightsOf(temp('sae')), /scaling_factor/);
  });

  it('matryoshka widths that do not increase', async () => {
    await writeSaeLensFolder(temp('sae'), {
      cfg: { architecture: 'matryoshka_batchtopk', k: 2, matryoshka_widths: [3, 2] },
      tensors: { topk_threshold: { dtype: 'F64', shape: [], data: Float64Array.of(0.5) } },
    });
    await assertFormatError(loadSae(temp('sae')), 'bad-json', temp('sae', 'cfg.json'), /increase strictly/);
  });
});
