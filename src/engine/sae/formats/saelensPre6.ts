import { isJsonObject, type JsonObject } from './jsonFile';

/** SAELens' LLM_METADATA_KEYS: the flat pre-6.0 keys that move into v6's `metadata`. */
const LLM_METADATA_KEYS = new Set([
  'model_name',
  'hook_name',
  'model_class_name',
  'hook_head_index',
  'model_from_pretrained_kwargs',
  'prepend_bos',
  'exclude_special_tokens',
  'neuronpedia_id',
  'context_size',
  'seqpos_slice',
  'dataset_path',
  'sae_lens_version',
  'sae_lens_training_version',
  'hook_name_out',
  'hook_head_index_out',
  'sequence_separator_token',
  'disable_concat_sequences',
]);

const RENAMES: Record<string, string> = {
  hook_point: 'hook_name',
  hook_point_head_index: 'hook_head_index',
  activation_fn_str: 'activation_fn',
};

/** Fields of SAELens' inference config classes; filter_valid_dataclass_fields drops every other key. */
const BASE_FIELDS = ['d_in', 'd_sae', 'dtype', 'device', 'apply_b_dec_to_input', 'normalize_activations', 'reshape_activations'];
const TOPK_FIELDS = ['k', 'rescale_acts_by_decoder_norm'];

/**
 * Whether a cfg.json predates SAELens 6.0. SAELens reads the version from the top level or from metadata and
 * treats a missing one as pre-6.0. We differ on one point: with no version, a nested `metadata` object marks the
 * v6 schema, because upgrading such a cfg would rebuild metadata from flat keys and lose it.
 */
export function isPre6Config(cfg: JsonObject): boolean {
  const metadata = isJsonObject(cfg.metadata) ? cfg.metadata : undefined;
  const major = majorVersion(cfg.sae_lens_version ?? metadata?.sae_lens_version);
  return major !== undefined ? major < 6 : metadata === undefined;
}

/** The major number of a version string such as "5.10.2" or "6.0.0-rc.1"; undefined when there is none. */
export function majorVersion(version: unknown): number | undefined {
  const major = typeof version === 'string' ? /^\s*v?(\d+)/.exec(version)?.[1] : undefined;
  return major === undefined ? undefined : Number(major);
}

/**
 * Port of SAELens' handle_pre_6_0_config: renames, defaults, boolean normalize_activations, and the move of
 * model/hook keys into `metadata`. One deliberate difference: a flat cfg with activation_fn "topk" (and
 * architecture missing or "standard") becomes architecture "topk" with k = activation_fn_kwargs.k; SAELens 6.18
 * would keep "standard" and silently load a TopK SAE as a ReLU one.
 */
export function upgradePre6Config(cfg: JsonObject): JsonObject {
  const renamed = Object.fromEntries(Object.entries(cfg).map(([key, value]) => [RENAMES[key] ?? key, value]));
  const hookName = typeof renamed.hook_name === 'string' ? renamed.hook_name : '';
  // Spread order gives Python's setdefault: a key already present (even as null) keeps its value.
  const flat: JsonObject = {
    prepend_bos: true,
    apply_b_dec_to_input: true,
    sae_lens_training_version: null,
    activation_fn: 'relu',
    architecture: 'standard',
    neuronpedia_id: null,
    reshape_activations: hookName.includes('hook_z') ? 'hook_z' : 'none',
    device: 'cpu',
    ...renamed,
  };
  if (typeof flat.normalize_activations === 'boolean') {
    flat.normalize_activations = flat.normalize_activations ? 'expected_average_only_in' : 'none';
  }
  flat.normalize_activations ??= 'none';
  if (flat.activation_fn === 'topk' && flat.architecture === 'standard') flat.architecture = 'topk';

  const fields = flat.architecture === 'topk' ? [...BASE_FIELDS, ...TOPK_FIELDS] : BASE_FIELDS;
  const upgraded: JsonObject = Object.fromEntries(fields.filter((key) => key in flat).map((key) => [key, flat[key]]));
  const kwargs = flat.activation_fn_kwargs;
  if (flat.architecture === 'topk' && isJsonObject(kwargs) && kwargs.k !== undefined) upgraded.k = kwargs.k;
  upgraded.metadata = Object.fromEntries(Object.entries(flat).filter(([key]) => LLM_METADATA_KEYS.has(key)));
  upgraded.architecture = flat.architecture;
  return upgraded;
}
