import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../../io';
import type { Matrix, SaeBundle, SaeConfig } from '../bundle';
import { foldActivationScaling } from './fold';
import { readJsonObject, type JsonObject } from './jsonFile';
import { archTensorShapes, SPARSITY, TOPK_THRESHOLD } from './layout';
import { decoderMatrix, encoderMatrix, vectorOf, type SaeDims } from './orientation';
import { parseSaeLensConfig } from './saelensConfig';
import { isPre6Config, upgradePre6Config } from './saelensPre6';
import type { DetectedSae, FolderListing, SaeFormatAdapter } from './types';
import { WeightSet } from './weightSet';

export const SAELENS_CFG = 'cfg.json';
export const SAELENS_WEIGHTS = 'sae_weights.safetensors';
export const SAELENS_SPARSITY = 'sparsity.safetensors';
/** Written in training checkpoints: {"scaling_factor": number | null}, non-null while not yet folded. */
const ACTIVATION_SCALER = 'activation_scaler.json';

/** SAELens folders, v6 and pre-6.0: cfg.json + sae_weights.safetensors (+ sparsity.safetensors). */
export const saeLensAdapter: SaeFormatAdapter = {
  formats: ['saelens', 'saelens-pre6'],

  async claimFolder(folder) {
    return claim(folder);
  },

  async claimFile(file, kind, folder) {
    return kind === 'safetensors' && basename(file) === SAELENS_WEIGHTS ? claim(folder) : undefined;
  },

  async load(found) {
    const folder = dirname(found.weights);
    const cfgFile = join(folder, SAELENS_CFG);
    const rawCfg = await readJsonObject(cfgFile);
    const parsed = parseSaeLensConfig(cfgFile, found.format === 'saelens-pre6' ? upgradePre6Config(rawCfg) : rawCfg);
    const weights = await WeightSet.fromSafetensors(found.weights);
    const bundle: SaeBundle = {
      cfg: { ...parsed, dtype: weights.torchDtype('W_dec') },
      W_enc: encoderMatrix(weights, 'W_enc', parsed, 'saelens'),
      // Gated SAEs have no b_enc; the bundle holds zeros there, which nothing reads and the writer skips.
      b_enc: parsed.architecture === 'gated' ? new Float32Array(parsed.d_sae) : vectorOf(weights, 'b_enc', parsed.d_sae, 'd_sae'),
      W_dec: withLegacyScalingFactor(weights, rawCfg, decoderMatrix(weights, 'W_dec', parsed, 'saelens'), parsed),
      b_dec: vectorOf(weights, 'b_dec', parsed.d_in, 'd_in'),
      extras: { ...archTensors(weights, parsed), ...(await sparsity(folder, parsed.d_sae)) },
      source: { format: found.format, path: folder },
    };
    const scale = await unfoldedActivationScale(folder);
    return scale === undefined ? bundle : foldActivationScaling(bundle, scale);
  },
};

async function claim(folder: FolderListing): Promise<DetectedSae | undefined> {
  if (!folder.files.has(SAELENS_CFG) || !folder.files.has(SAELENS_WEIGHTS)) return undefined;
  const config = join(folder.path, SAELENS_CFG);
  const format = isPre6Config(await readJsonObject(config)) ? 'saelens-pre6' : 'saelens';
  return { format, weights: join(folder.path, SAELENS_WEIGHTS), config };
}

/** threshold (jumprelu), b_gate/r_mag/b_mag (gated), topk_threshold (batchtopk, a float64 scalar). */
function archTensors(weights: WeightSet, cfg: Pick<SaeConfig, 'architecture' | 'd_sae'>): Record<string, Matrix> {
  const read = (name: string): Float32Array => {
    if (name === TOPK_THRESHOLD) return Float32Array.of(weights.scalar(name));
    // SAELens converts a JumpReLU's log_threshold on save, but a checkpoint written without that step holds it raw.
    if (name === 'threshold' && !weights.has(name) && weights.has('log_threshold')) {
      return vectorOf(weights, 'log_threshold', cfg.d_sae, 'd_sae').map(Math.exp);
    }
    return vectorOf(weights, name, cfg.d_sae, 'd_sae');
  };
  return Object.fromEntries(Object.entries(archTensorShapes(cfg)).map(([name, shape]) => [name, { shape, data: read(name) }]));
}

/**
 * Older SAELens saves may carry a per-latent `scaling_factor`. As in SAELens, all ones is dropped; otherwise it is
 * the finetuning scale that multiplies activations before decoding, which we fold into the W_dec rows (exact, since
 * (a·s) @ W_dec = a @ (diag(s) W_dec)). SAELens refuses one the cfg does not declare, and so do we.
 */
function withLegacyScalingFactor(weights: WeightSet, rawCfg: JsonObject, W_dec: Float32Array, dims: SaeDims): Float32Array {
  if (!weights.has('scaling_factor')) return W_dec;
  const scale = vectorOf(weights, 'scaling_factor', dims.d_sae, 'd_sae');
  // torch.allclose(scale, ones) with its default tolerances.
  if (scale.every((s) => Math.abs(s - 1) <= 1e-8 + 1e-5)) return W_dec;
  if (rawCfg.finetuning_scaling_factor !== true) {
    throw new FormatError('unsupported', weights.file, 'tensor "scaling_factor" is not all ones but cfg.json does not set finetuning_scaling_factor');
  }
  return W_dec.map((v, i) => v * scale[Math.floor(i / dims.d_in)]);
}

async function sparsity(folder: string, dSae: number): Promise<Record<string, Matrix>> {
  const file = join(folder, SAELENS_SPARSITY);
  if (!existsSync(file)) return {};
  const weights = await WeightSet.fromSafetensors(file);
  return { [SPARSITY]: { shape: [dSae], data: vectorOf(weights, SPARSITY, dSae, 'd_sae') } };
}

async function unfoldedActivationScale(folder: string): Promise<number | undefined> {
  const file = join(folder, ACTIVATION_SCALER);
  if (!existsSync(file)) return undefined;
  const factor = (await readJsonObject(file)).scaling_factor;
  if (factor === null || factor === undefined) return undefined;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) {
    throw new FormatError('bad-json', file, `"scaling_factor" must be a positive number or null (found ${JSON.stringify(factor)})`);
  }
  return factor;
}
