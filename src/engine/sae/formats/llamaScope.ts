import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../../io';
import type { SaeBundle } from '../bundle';
import { foldActivationScaling } from './fold';
import { JsonFields, readJsonObject } from './jsonFile';
import { decoderMatrix, encoderMatrix, vectorOf, type SaeDims } from './orientation';
import type { DetectedSae, SaeFormatAdapter } from './types';
import { WeightSet } from './weightSet';

const HYPERPARAMS = 'hyperparams.json';
const CHECKPOINT_FOLDER = 'checkpoints';
const FINAL_CHECKPOINT = 'final.safetensors';

/**
 * Llama Scope (OpenMOSS lm-saes): `hyperparams.json` + `checkpoints/final.safetensors` with encoder.weight [F, d],
 * encoder.bias, decoder.weight [d, F], decoder.bias (usually bf16). JumpReLU with one scalar threshold and no b_dec
 * subtracted from the input. The SAE was trained on inputs scaled by s = sqrt(d_model) / dataset_average_activation_norm.in.
 * We do what SAELens' llama_scope loader and its registry's norm_scaling_factor do together (UNCONFIRMED against
 * lm-saes itself): threshold = jump_relu_threshold · s for every latent, then s folded into the weights
 * (W_enc·s, W_dec/s, b_dec/s) so the SAE takes raw activations. Like SAELens we ignore
 * sparsity_include_decoder_norm, which changes nothing when decoder rows have unit norm.
 */
export const llamaScopeAdapter: SaeFormatAdapter = {
  formats: ['llama-scope'],

  async claimFolder(folder) {
    if (!folder.files.has(HYPERPARAMS)) return undefined;
    const tensorFiles = [...folder.files].filter((f) => f.endsWith('.safetensors'));
    const weights = tensorFiles.length === 1 ? join(folder.path, tensorFiles[0]) : join(folder.path, CHECKPOINT_FOLDER, FINAL_CHECKPOINT);
    return detected(weights, join(folder.path, HYPERPARAMS));
  },

  async claimFile(file, kind, folder) {
    if (kind !== 'safetensors') return undefined;
    if (folder.files.has(HYPERPARAMS)) return detected(file, join(folder.path, HYPERPARAMS));
    const above = join(dirname(folder.path), HYPERPARAMS);
    return basename(folder.path) === CHECKPOINT_FOLDER && existsSync(above) ? detected(file, above) : undefined;
  },

  async load(found) {
    const config = found.config ?? join(dirname(found.weights), HYPERPARAMS);
    const hp = new JsonFields(config, await readJsonObject(config));
    refuseUnsupported(hp);
    const dims: SaeDims = { d_in: hp.positiveInt('d_model'), d_sae: hp.positiveInt('d_sae') };
    const averageNorm = hp.optionalObject('dataset_average_activation_norm');
    const scale = averageNorm ? Math.sqrt(dims.d_in) / new JsonFields(config, averageNorm).positiveNumber('in') : 1;
    const weights = await WeightSet.fromSafetensors(found.weights);
    const hookName = hp.optionalString('hook_point_in');
    const modelName = hp.optionalString('model_name');
    const bundle: SaeBundle = {
      cfg: {
        architecture: 'jumprelu',
        ...dims,
        dtype: weights.torchDtype('decoder.weight'),
        apply_b_dec_to_input: false,
        normalize_activations: 'none',
        metadata: { ...(hookName ? { hook_name: hookName } : {}), ...(modelName ? { model_name: modelName } : {}) },
        extra: {},
      },
      W_enc: encoderMatrix(weights, 'encoder.weight', dims, 'torch-linear'),
      b_enc: vectorOf(weights, 'encoder.bias', dims.d_sae, 'd_sae'),
      W_dec: decoderMatrix(weights, 'decoder.weight', dims, 'torch-linear'),
      b_dec: vectorOf(weights, 'decoder.bias', dims.d_in, 'd_in'),
      extras: { threshold: { shape: [dims.d_sae], data: new Float32Array(dims.d_sae).fill(hp.number('jump_relu_threshold') * scale) } },
      source: { format: 'llama-scope', path: dirname(config) },
    };
    return scale === 1 ? bundle : foldActivationScaling(bundle, scale);
  },
};

function detected(weights: string, config: string): DetectedSae {
  return { format: 'llama-scope', weights, config };
}

function refuseUnsupported(hp: JsonFields): void {
  const activation = hp.optionalString('act_fn') ?? 'jumprelu';
  if (activation.toLowerCase() !== 'jumprelu') {
    throw new FormatError('unsupported', hp.file, `act_fn "${activation}" is not supported (only "jumprelu")`);
  }
  const hookIn = hp.optionalString('hook_point_in');
  const hookOut = hp.optionalString('hook_point_out');
  if (hookIn && hookOut && hookIn !== hookOut) {
    throw new FormatError('unsupported', hp.file, `transcoders (hook_point_in ${hookIn} ≠ hook_point_out ${hookOut}) are not supported`);
  }
}
