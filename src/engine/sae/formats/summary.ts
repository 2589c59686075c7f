import type { ActivationNormalization, SaeArchitecture, SaeBundle } from '../bundle';
import { saeLensTensorNames } from './layout';

export interface SaeSummary {
  format: string;
  architecture: SaeArchitecture;
  d_in: number;
  d_sae: number;
  dtype: string;
  apply_b_dec_to_input: boolean;
  normalize_activations: ActivationNormalization;
  k?: number;
  hook_name?: string;
  model_name?: string;
  tensors: { name: string; shape: number[] }[];
}

/** A JSON-serialisable description of a loaded SAE, for `saescope inspect`; tensors are listed under SAELens names. */
export function summarizeSae(bundle: SaeBundle): SaeSummary {
  const { cfg } = bundle;
  const core: Record<string, number[]> = { W_enc: [cfg.d_in, cfg.d_sae], b_enc: [cfg.d_sae], W_dec: [cfg.d_sae, cfg.d_in], b_dec: [cfg.d_in] };
  const archNames = saeLensTensorNames(cfg.architecture);
  const names = [...archNames, ...Object.keys(bundle.extras).filter((name) => !archNames.includes(name))];
  const { hook_name: hookName, model_name: modelName } = cfg.metadata;
  return {
    format: bundle.source.format,
    architecture: cfg.architecture,
    d_in: cfg.d_in,
    d_sae: cfg.d_sae,
    dtype: cfg.dtype,
    apply_b_dec_to_input: cfg.apply_b_dec_to_input,
    normalize_activations: cfg.normalize_activations,
    ...(cfg.k === undefined ? {} : { k: cfg.k }),
    ...(typeof hookName === 'string' ? { hook_name: hookName } : {}),
    ...(typeof modelName === 'string' ? { model_name: modelName } : {}),
    tensors: names.map((name) => ({ name, shape: [...(core[name] ?? bundle.extras[name].shape)] })),
  };
}
