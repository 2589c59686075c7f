import { join } from 'node:path';
import { FormatError, openSafetensors } from '../../io';
import type { Matrix, SaeBundle, SaeConfig } from '../bundle';
import { isJsonObject, JsonFields, readJsonObject } from './jsonFile';
import { TOPK_THRESHOLD } from './layout';
import { decoderMatrix, encoderMatrix, vectorLength, vectorOf, type SaeDims, type SquareLayout } from './orientation';
import type { DetectedSae, FolderListing, SaeFormatAdapter } from './types';
import { WeightSet } from './weightSet';

const AE_WEIGHTS = 'ae.safetensors';
const TRAINER_CONFIG = 'config.json';

const DICT_CLASSES = [
  'AutoEncoder',
  'AutoEncoderNew',
  'GatedAutoEncoder',
  'JumpReluAutoEncoder',
  'AutoEncoderTopK',
  'BatchTopKSAE',
  'MatryoshkaBatchTopKSAE',
] as const;
type DictClass = (typeof DICT_CLASSES)[number];

/** Where each class keeps its tensors (dictionary_learning/dictionary.py and trainers/*.py). */
interface ClassLayout {
  W_enc: string;
  W_dec: string;
  /** nn.Linear weights are [out, in]; the classes built on nn.Parameter use SAELens' layout. */
  square: SquareLayout;
  b_enc?: string;
  b_dec: string;
  /** False where the class's encode() does not subtract the decoder bias first. */
  applyBDecToInput: boolean;
}

const LINEAR = { W_enc: 'encoder.weight', W_dec: 'decoder.weight', square: 'torch-linear', b_enc: 'encoder.bias' } as const;
const PARAMETERS = { W_enc: 'W_enc', W_dec: 'W_dec', square: 'saelens', b_enc: 'b_enc', b_dec: 'b_dec' } as const;
const LAYOUTS: Record<DictClass, ClassLayout> = {
  AutoEncoder: { ...LINEAR, b_dec: 'bias', applyBDecToInput: true },
  AutoEncoderNew: { ...LINEAR, b_dec: 'decoder.bias', applyBDecToInput: false },
  GatedAutoEncoder: { ...LINEAR, b_enc: undefined, b_dec: 'decoder_bias', applyBDecToInput: true },
  // JumpReluAutoEncoder.apply_b_dec_to_input is an attribute that is never saved; its default is False.
  JumpReluAutoEncoder: { ...PARAMETERS, applyBDecToInput: false },
  AutoEncoderTopK: { ...LINEAR, b_dec: 'b_dec', applyBDecToInput: true },
  BatchTopKSAE: { ...LINEAR, b_dec: 'b_dec', applyBDecToInput: true },
  MatryoshkaBatchTopKSAE: { ...PARAMETERS, applyBDecToInput: true },
};

/**
 * saprmarks/dictionary_learning state dicts saved as safetensors (`ae.pt` converted to `ae.safetensors`), with the
 * trainer's config.json beside them when present. The class comes from config.trainer.dict_class, or else from
 * the tensor names. Activation normalisation needs no handling: dictionary_learning rescales the biases before
 * saving, so saved weights take raw activations.
 */
export const dictionaryLearningAdapter: SaeFormatAdapter = {
  formats: ['dictionary-learning'],

  async claimFolder(folder) {
    if (folder.files.has(AE_WEIGHTS)) return detected(join(folder.path, AE_WEIGHTS), folder);
    const tensorFiles = [...folder.files].filter((f) => f.endsWith('.safetensors'));
    return tensorFiles.length === 1 && (await trainerConfig(folder)) ? detected(join(folder.path, tensorFiles[0]), folder) : undefined;
  },

  async claimFile(file, kind, folder) {
    if (kind !== 'safetensors') return undefined;
    if ((await trainerConfig(folder)) || inferDictClass(await tensorNames(file))) return detected(file, folder);
    return undefined;
  },

  async load(found) {
    const config = found.config ? await readTrainerConfig(found.config) : undefined;
    const trainer = config?.trainer;
    const weights = await WeightSet.fromSafetensors(found.weights);
    const dictClass = trainer ? trainer.oneOf('dict_class', DICT_CLASSES) : inferDictClass(new Set(weights.names));
    if (!dictClass) {
      throw new FormatError('unsupported', found.weights, `tensor names match no dictionary_learning class (found: ${weights.names.join(', ')})`);
    }
    const layout = LAYOUTS[dictClass];
    const dims: SaeDims = {
      d_in: trainer?.has('activation_dim') ? trainer.positiveInt('activation_dim') : vectorLength(weights, layout.b_dec),
      d_sae: trainer?.has('dict_size') ? trainer.positiveInt('dict_size') : vectorLength(weights, layout.b_enc ?? 'gate_bias'),
    };
    const { architecture, k, extras } = activation(dictClass, weights, trainer, dims.d_sae);
    const cfg: SaeConfig = {
      architecture,
      ...dims,
      dtype: weights.torchDtype(layout.W_dec),
      apply_b_dec_to_input: layout.applyBDecToInput,
      normalize_activations: 'none',
      ...(k === undefined ? {} : { k, rescale_acts_by_decoder_norm: false }),
      ...(architecture === 'matryoshka_batchtopk' ? { matryoshka_widths: cumulative(weights.integers('group_sizes')) } : {}),
      metadata: { dict_class: dictClass, ...(config ? trainerMetadata(config) : {}) },
      extra: {},
    };
    return {
      cfg,
      W_enc: encoderMatrix(weights, layout.W_enc, dims, layout.square),
      // Gated autoencoders have no encoder bias; the bundle holds zeros there, which nothing reads.
      b_enc: layout.b_enc ? vectorOf(weights, layout.b_enc, dims.d_sae, 'd_sae') : new Float32Array(dims.d_sae),
      W_dec: decoderMatrix(weights, layout.W_dec, dims, layout.square),
      b_dec: vectorOf(weights, layout.b_dec, dims.d_in, 'd_in'),
      extras,
      source: { format: 'dictionary-learning', path: found.weights },
    } satisfies SaeBundle;
  },
};

async function detected(weights: string, folder: FolderListing): Promise<DetectedSae> {
  const config = (await trainerConfig(folder)) ? join(folder.path, TRAINER_CONFIG) : undefined;
  return { format: 'dictionary-learning', weights, ...(config ? { config } : {}) };
}

/** Whether the folder's config.json is a dictionary_learning one ({"trainer": {"dict_class": …}}). */
async function trainerConfig(folder: FolderListing): Promise<boolean> {
  if (!folder.files.has(TRAINER_CONFIG)) return false;
  const trainer = (await readJsonObject(join(folder.path, TRAINER_CONFIG))).trainer;
  return isJsonObject(trainer) && typeof trainer.dict_class === 'string';
}

/** config.json as dictionary_learning's training loop writes it: {"trainer": {…}, "buffer": {…}}. */
interface TrainerConfig {
  trainer: JsonFields;
  buffer?: JsonFields;
}

async function readTrainerConfig(file: string): Promise<TrainerConfig> {
  const json = new JsonFields(file, await readJsonObject(file));
  const buffer = json.optionalObject('buffer');
  return { trainer: new JsonFields(file, json.optionalObject('trainer') ?? {}), ...(buffer ? { buffer: new JsonFields(file, buffer) } : {}) };
}

async function tensorNames(file: string): Promise<Set<string>> {
  const st = await openSafetensors(file);
  await st.close();
  return new Set(st.tensors.map((t) => t.name));
}

/** Without config.json, AutoEncoderTopK and BatchTopKSAE look alike; we read such a file as AutoEncoderTopK. */
function inferDictClass(names: ReadonlySet<string>): DictClass | undefined {
  if (names.has('group_sizes') && names.has('W_enc')) return 'MatryoshkaBatchTopKSAE';
  if (names.has('gate_bias') && names.has('encoder.weight')) return 'GatedAutoEncoder';
  if (names.has('W_enc') && names.has('threshold')) return 'JumpReluAutoEncoder';
  if (names.has('k') && names.has('encoder.weight')) return 'AutoEncoderTopK';
  if (names.has('bias') && names.has('encoder.weight')) return 'AutoEncoder';
  if (names.has('decoder.bias') && names.has('encoder.weight')) return 'AutoEncoderNew';
  return undefined;
}

/**
 * The SAELens architecture each class encodes as. BatchTopKSAE and MatryoshkaBatchTopKSAE encode with their scalar
 * `threshold` once training has set it (≥ 0), which is JumpReLU with that threshold for every latent. Before that
 * (−1) they are kept as batchtopk / matryoshka_batchtopk, with SAELens' starting topk_threshold of 0.
 */
function activation(
  dictClass: DictClass,
  weights: WeightSet,
  trainer: JsonFields | undefined,
  dSae: number,
): Pick<SaeConfig, 'architecture' | 'k'> & { extras: Record<string, Matrix> } {
  const latentVector = (data: Float32Array): Matrix => ({ shape: [dSae], data });
  switch (dictClass) {
    case 'AutoEncoder':
    case 'AutoEncoderNew':
      return { architecture: 'standard', extras: {} };
    case 'GatedAutoEncoder':
      return {
        architecture: 'gated',
        extras: {
          b_gate: latentVector(vectorOf(weights, 'gate_bias', dSae, 'd_sae')),
          r_mag: latentVector(vectorOf(weights, 'r_mag', dSae, 'd_sae')),
          b_mag: latentVector(vectorOf(weights, 'mag_bias', dSae, 'd_sae')),
        },
      };
    case 'JumpReluAutoEncoder':
      return { architecture: 'jumprelu', extras: { threshold: latentVector(vectorOf(weights, 'threshold', dSae, 'd_sae')) } };
    case 'AutoEncoderTopK':
      return { architecture: 'topk', k: topK(weights, trainer), extras: {} };
    case 'BatchTopKSAE':
    case 'MatryoshkaBatchTopKSAE': {
      const threshold = weights.scalar('threshold');
      if (threshold >= 0) return { architecture: 'jumprelu', extras: { threshold: latentVector(new Float32Array(dSae).fill(threshold)) } };
      const architecture = dictClass === 'BatchTopKSAE' ? 'batchtopk' : 'matryoshka_batchtopk';
      return { architecture, k: topK(weights, trainer), extras: { [TOPK_THRESHOLD]: { shape: [], data: Float32Array.of(0) } } };
    }
  }
}

/** The saved `k` buffer, or config.trainer.k for files without one. */
function topK(weights: WeightSet, trainer: JsonFields | undefined): number {
  if (weights.has('k')) return weights.scalar('k');
  if (trainer) return trainer.positiveInt('k');
  throw new FormatError('not-found', weights.file, 'no tensor "k" and no config.json giving trainer.k');
}

const cumulative = (sizes: number[]): number[] => sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));

/** TransformerLens hooks for the submodule_name parts dictionary_learning's scripts use. */
const HOOK_SITES: Record<string, string> = { resid: 'hook_resid_post', mlp: 'hook_mlp_out', attn: 'hook_attn_out' };

/** As SAELens' dictionary_learning_1 loader, but with the hook taken from submodule_name where it says which. */
function trainerMetadata({ trainer, buffer }: TrainerConfig): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  const model = trainer.optionalString('lm_name');
  if (model) metadata.model_name = model;
  const layer = trainer.json.layer;
  if (Number.isInteger(layer)) {
    const submodule = trainer.optionalString('submodule_name') ?? 'resid_post';
    const site = Object.entries(HOOK_SITES).find(([part]) => submodule.includes(part))?.[1];
    if (site) metadata.hook_name = `blocks.${layer}.${site}`;
  }
  if (buffer?.has('ctx_len')) metadata.context_size = buffer.positiveInt('ctx_len');
  return metadata;
}
