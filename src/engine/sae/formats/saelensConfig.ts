import { FormatError } from '../../io';
import type { ActivationNormalization, SaeArchitecture, SaeConfig } from '../bundle';
import { isJsonObject, JsonFields, type JsonObject } from './jsonFile';
import { isTopkFamily } from './layout';

export const ARCHITECTURES: readonly SaeArchitecture[] = ['standard', 'topk', 'batchtopk', 'jumprelu', 'matryoshka_batchtopk', 'gated'];
export const NORMALIZATIONS: readonly ActivationNormalization[] = ['none', 'expected_average_only_in', 'constant_norm_rescale', 'layer_norm'];

/** SAELens' defaults for k: 100 in TopKSAEConfig and BatchTopKTrainingSAEConfig. */
const DEFAULT_K = 100;

/** Keys the typed SaeConfig fields hold; every other key goes to `extra`. dtype is taken from the tensors instead. */
const BASE_KEYS = ['architecture', 'd_in', 'd_sae', 'dtype', 'apply_b_dec_to_input', 'normalize_activations', 'metadata'];

/** A v6 cfg.json (or an upgraded pre-6.0 one) as a SaeConfig, without dtype (which the weights file decides). */
export function parseSaeLensConfig(file: string, json: JsonObject): Omit<SaeConfig, 'dtype'> {
  const fields = new JsonFields(file, json);
  const architecture = json.architecture;
  if (!ARCHITECTURES.includes(architecture as SaeArchitecture)) {
    const found = architecture === undefined ? 'no "architecture"' : `architecture ${JSON.stringify(architecture)}`;
    throw new FormatError('unsupported', file, `${found}; supported: ${ARCHITECTURES.join(', ')}`);
  }
  const arch = architecture as SaeArchitecture;
  const metadata = json.metadata ?? {};
  if (!isJsonObject(metadata)) throw new FormatError('bad-json', file, '"metadata" must be a JSON object');
  const cfg: Omit<SaeConfig, 'dtype'> = {
    architecture: arch,
    d_in: fields.positiveInt('d_in'),
    d_sae: fields.positiveInt('d_sae'),
    apply_b_dec_to_input: fields.boolean('apply_b_dec_to_input', true),
    normalize_activations: fields.oneOf('normalize_activations', NORMALIZATIONS, 'none'),
    metadata: { ...metadata },
    extra: {},
  };
  const typedKeys = new Set(BASE_KEYS);
  if (isTopkFamily(arch)) {
    cfg.k = arch === 'topk' ? fields.positiveInt('k', DEFAULT_K) : fields.positiveNumber('k', DEFAULT_K);
    // SAELens' inference TopKSAEConfig defaults this to false, its training configs to true.
    cfg.rescale_acts_by_decoder_norm = fields.boolean('rescale_acts_by_decoder_norm', arch !== 'topk');
    typedKeys.add('k').add('rescale_acts_by_decoder_norm');
  }
  if (arch === 'matryoshka_batchtopk') {
    cfg.matryoshka_widths = matryoshkaWidths(file, json.matryoshka_widths, cfg.d_sae);
    typedKeys.add('matryoshka_widths');
  }
  cfg.extra = Object.fromEntries(Object.entries(json).filter(([key]) => !typedKeys.has(key)));
  return cfg;
}

/** Like SAELens, a list that stops short of d_sae gets d_sae appended as the final level. */
function matryoshkaWidths(file: string, value: unknown, dSae: number): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((w) => Number.isInteger(w) && w > 0)) {
    throw new FormatError('bad-json', file, `"matryoshka_widths" must be a non-empty list of positive integers (found ${JSON.stringify(value)})`);
  }
  const widths = value as number[];
  const complete = widths[widths.length - 1] === dSae ? [...widths] : [...widths, dSae];
  if (!complete.every((w, i) => i === 0 || w > complete[i - 1])) {
    throw new FormatError('bad-json', file, `"matryoshka_widths" must increase strictly up to d_sae = ${dSae} (found ${JSON.stringify(widths)})`);
  }
  return complete;
}
