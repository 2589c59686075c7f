import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../../io';
import type { SaeBundle } from '../bundle';
import { JsonFields, readJsonObject } from './jsonFile';
import { decoderMatrix, encoderMatrix, vectorOf, type SaeDims } from './orientation';
import type { DetectedSae, SaeFormatAdapter } from './types';
import { WeightSet } from './weightSet';

const SPARSIFY_CFG = 'cfg.json';
const SPARSIFY_WEIGHTS = 'sae.safetensors';
/** The training run's TrainConfig, one level above the hookpoint folders. */
const RUN_CONFIG = 'config.json';
/** sparsify's SparseCoderConfig defaults. */
const DEFAULT_EXPANSION_FACTOR = 32;
const DEFAULT_K = 32;

/** Whether a folder holds one sparsify hookpoint (cfg.json + sae.safetensors). */
export const isSparsifyHookpoint = (files: ReadonlySet<string>): boolean => files.has(SPARSIFY_CFG) && files.has(SPARSIFY_WEIGHTS);

/**
 * EleutherAI sparsify: one folder per hookpoint with cfg.json + sae.safetensors (encoder.weight [F, d],
 * encoder.bias [F], W_dec [F, d], b_dec [d]). TopK over ReLU'd pre-activations, with b_dec subtracted from the
 * input (sparsify's SparseCoder.encode), so apply_b_dec_to_input is true. SAELens' sparsify loader maps it to
 * `not normalize_decoder` and transposes W_dec; neither matches sparsify's code, so we follow the code and decide
 * W_dec's orientation by shape (sparsify stores [F, d], which is SAELens' own layout).
 */
export const sparsifyAdapter: SaeFormatAdapter = {
  formats: ['sparsify'],

  async claimFolder(folder) {
    return isSparsifyHookpoint(folder.files) ? detected(folder.path) : undefined;
  },

  async claimFile(file, kind, folder) {
    return kind === 'safetensors' && basename(file) === SPARSIFY_WEIGHTS && folder.files.has(SPARSIFY_CFG) ? detected(folder.path) : undefined;
  },

  async load(found) {
    const folder = dirname(found.weights);
    const cfgFile = join(folder, SPARSIFY_CFG);
    const fields = new JsonFields(cfgFile, await readJsonObject(cfgFile));
    refuseUnsupported(fields);
    const d_in = fields.positiveInt('d_in');
    const numLatents = fields.number('num_latents', 0);
    const d_sae = numLatents === 0 ? d_in * fields.positiveInt('expansion_factor', DEFAULT_EXPANSION_FACTOR) : fields.positiveInt('num_latents');
    const dims: SaeDims = { d_in, d_sae };
    const weights = await WeightSet.fromSafetensors(found.weights);
    return {
      cfg: {
        architecture: 'topk',
        d_in,
        d_sae,
        dtype: weights.torchDtype('encoder.weight'),
        apply_b_dec_to_input: true,
        normalize_activations: 'none',
        k: fields.positiveInt('k', DEFAULT_K),
        rescale_acts_by_decoder_norm: false,
        metadata: await hookpointMetadata(folder),
        extra: {},
      },
      W_enc: encoderMatrix(weights, 'encoder.weight', dims, 'torch-linear'),
      b_enc: vectorOf(weights, 'encoder.bias', d_sae, 'd_sae'),
      W_dec: decoderMatrix(weights, 'W_dec', dims, 'saelens'),
      b_dec: vectorOf(weights, 'b_dec', d_in, 'd_in'),
      extras: {},
      source: { format: 'sparsify', path: folder },
    } satisfies SaeBundle;
  },
};

function detected(folder: string): DetectedSae {
  return { format: 'sparsify', weights: join(folder, SPARSIFY_WEIGHTS), config: join(folder, SPARSIFY_CFG) };
}

function refuseUnsupported(fields: JsonFields): void {
  const activation = fields.optionalString('activation') ?? 'topk';
  const refusal =
    activation !== 'topk'
      ? `activation "${activation}" is not supported (only "topk")`
      : fields.boolean('transcode', false)
        ? 'transcoders (transcode: true) are not supported'
        : fields.boolean('skip_connection', false)
          ? 'skip connections (W_skip) are not supported'
          : undefined;
  if (refusal) throw new FormatError('unsupported', fields.file, refusal);
}

/**
 * The hookpoint is the folder's name (or its parent's, for `<hookpoint>/seed<N>` layouts). Only the names with a
 * known TransformerLens equivalent get a hook_name: `layers.N` → blocks.N.hook_resid_post, `embed_tokens` → hook_embed.
 */
async function hookpointMetadata(folder: string): Promise<Record<string, unknown>> {
  const seeded = /^seed\d+$/.test(basename(folder));
  const hookpoint = basename(seeded ? dirname(folder) : folder);
  const runRoot = dirname(seeded ? dirname(folder) : folder);
  const layer = /^layers[._](\d+)$/.exec(hookpoint)?.[1];
  const hookName = layer !== undefined ? `blocks.${layer}.hook_resid_post` : hookpoint === 'embed_tokens' ? 'hook_embed' : undefined;
  const metadata: Record<string, unknown> = { sparsify_hookpoint: hookpoint, ...(hookName ? { hook_name: hookName } : {}) };
  const runConfig = join(runRoot, RUN_CONFIG);
  if (existsSync(runConfig)) {
    const run = new JsonFields(runConfig, await readJsonObject(runConfig));
    const model = run.optionalString('model');
    const dataset = run.optionalString('dataset');
    if (model) metadata.model_name = model;
    if (dataset) metadata.dataset_path = dataset;
    if (run.has('ctx_len')) metadata.context_size = run.positiveInt('ctx_len');
  }
  return metadata;
}
