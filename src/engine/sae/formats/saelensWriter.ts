import { join } from 'node:path';
import { atomicWrite, FormatError, writeSafetensors, type Tensor } from '../../io';
import type { SaeBundle, SaeConfig } from '../bundle';
import { checkBundle } from './checkBundle';
import { replaceFolder } from './folderSwap';
import { inferenceBundle } from './inferenceBundle';
import { isTopkFamily, saeLensTensorNames, SPARSITY, TOPK_THRESHOLD } from './layout';
import { SAELENS_CFG, SAELENS_SPARSITY, SAELENS_WEIGHTS } from './saelens';
import { majorVersion } from './saelensPre6';

/**
 * SAELens decides from metadata.sae_lens_version whether a cfg.json is pre-6.0, and "upgrading" a v6 cfg
 * rebuilds metadata from flat keys, losing it. So a folder we write always declares at least this schema version.
 */
const SCHEMA_VERSION = '6.0.0';

/** SAELens adds this to densities before taking log10, so dead latents read -10 rather than -Infinity. */
const DENSITY_EPSILON = 1e-10;

export interface SaveSaeLensOptions {
  /** log10 firing density per latent, as sparsity.safetensors holds it; defaults to the bundle's extras.sparsity. */
  sparsity?: Float32Array;
  /** Save what save_inference_model would (the default); false keeps a training architecture such as batchtopk. */
  inference?: boolean;
}

/**
 * Writes a SAELens v6 folder (cfg.json, sae_weights.safetensors, optionally sparsity.safetensors) that
 * SAE.load_from_disk reads unchanged. The folder appears, or replaces an existing one, all at once.
 */
export async function saveSaeLensFolder(folder: string, bundle: SaeBundle, options: SaveSaeLensOptions = {}): Promise<void> {
  checkBundle(bundle, folder);
  const sae = options.inference === false ? bundle : inferenceBundle(bundle);
  const sparsity = options.sparsity ?? sae.extras[SPARSITY]?.data;
  if (sparsity && sparsity.length !== sae.cfg.d_sae) {
    throw new FormatError('shape-mismatch', folder, `sparsity holds ${sparsity.length} values but d_sae = ${sae.cfg.d_sae}`);
  }
  await replaceFolder(folder, async (temp) => {
    const cfgJson = JSON.stringify(saeLensConfigJson(sae.cfg), null, 2) + '\n';
    await atomicWrite(join(temp, SAELENS_CFG), [new TextEncoder().encode(cfgJson)]);
    await writeSafetensors(join(temp, SAELENS_WEIGHTS), weightTensors(sae));
    if (sparsity) await writeSafetensors(join(temp, SAELENS_SPARSITY), { [SPARSITY]: { dtype: 'F32', shape: [sae.cfg.d_sae], data: sparsity } });
  });
}

/** log10(density + 1e-10) per latent: what SAELens stores in sparsity.safetensors. */
export function logFeatureSparsity(density: ArrayLike<number>): Float32Array {
  return Float32Array.from(density, (d) => Math.log10(d + DENSITY_EPSILON));
}

function saeLensConfigJson(cfg: SaeConfig): Record<string, unknown> {
  const json: Record<string, unknown> = {
    architecture: cfg.architecture,
    d_in: cfg.d_in,
    d_sae: cfg.d_sae,
    dtype: 'float32',
    apply_b_dec_to_input: cfg.apply_b_dec_to_input,
    normalize_activations: cfg.normalize_activations,
  };
  if (isTopkFamily(cfg.architecture)) Object.assign(json, { k: cfg.k, rescale_acts_by_decoder_norm: cfg.rescale_acts_by_decoder_norm ?? false });
  if (cfg.architecture === 'matryoshka_batchtopk') json.matryoshka_widths = cfg.matryoshka_widths;
  for (const [key, value] of Object.entries(cfg.extra)) if (!(key in json)) json[key] = value;
  const version = cfg.metadata.sae_lens_version;
  json.metadata = { ...cfg.metadata, sae_lens_version: (majorVersion(version) ?? 0) >= 6 ? version : SCHEMA_VERSION };
  return json;
}

/** SAELens' tensor names and shapes; topk_threshold stays float64 as SAELens keeps it. */
function weightTensors({ cfg, W_enc, b_enc, W_dec, b_dec, extras }: SaeBundle): Record<string, Tensor> {
  const core: Record<string, Tensor> = {
    W_enc: { dtype: 'F32', shape: [cfg.d_in, cfg.d_sae], data: W_enc },
    b_enc: { dtype: 'F32', shape: [cfg.d_sae], data: b_enc },
    W_dec: { dtype: 'F32', shape: [cfg.d_sae, cfg.d_in], data: W_dec },
    b_dec: { dtype: 'F32', shape: [cfg.d_in], data: b_dec },
  };
  const tensor = (name: string): Tensor =>
    core[name] ??
    (name === TOPK_THRESHOLD
      ? { dtype: 'F64', shape: [], data: Float64Array.from(extras[name].data) }
      : { dtype: 'F32', shape: [...extras[name].shape], data: extras[name].data });
  return Object.fromEntries(saeLensTensorNames(cfg.architecture).map((name) => [name, tensor(name)]));
}
