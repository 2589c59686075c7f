import { ToyConfigError } from '../errors';
import type { ParamKey, ParamKeys, ParamsOf, ToyParamValue } from '../presetKeys';
import type { ToySpec } from '../spec';
import type { ToyPreset } from './common';
import { hedgingAnticorrelatedToy, hedgingCorrelatedToy, hedgingHierarchicalToy, hedgingIndependentToy, treeToy } from './hedging';
import { longonToy } from './longon';
import { largeToy, smallToy } from './sparseButWrong';
import { zipfToy } from './zipf';

export const TOY_PRESETS = {
  large: largeToy,
  small: smallToy,
  'hedging-independent': hedgingIndependentToy,
  'hedging-hierarchical': hedgingHierarchicalToy,
  'hedging-correlated': hedgingCorrelatedToy,
  'hedging-anticorrelated': hedgingAnticorrelatedToy,
  tree: treeToy,
  longon: longonToy,
  zipf: zipfToy,
} as const;

export type ToyPresetName = keyof typeof TOY_PRESETS;

type PresetKeysOf<N extends ToyPresetName> = (typeof TOY_PRESETS)[N] extends ToyPreset<infer K> ? K : never;

/** The full parameters of preset N. */
export type ToyPresetParams<N extends ToyPresetName> = ParamsOf<PresetKeysOf<N>>;

/** A preset and every one of its parameters (defaults filled in): plain, JSON-serialisable data. */
export interface ToyConfig {
  readonly preset: ToyPresetName;
  readonly params: Readonly<Record<string, ToyParamValue>>;
}

export const isToyPresetName = (name: string): name is ToyPresetName => Object.hasOwn(TOY_PRESETS, name);

export function presetNamed(name: ToyPresetName): ToyPreset {
  return TOY_PRESETS[name] as unknown as ToyPreset;
}

/** Preset `name` with `overrides` applied; every value and the combination are checked. */
export function toyPreset<N extends ToyPresetName>(name: N, overrides: Partial<ToyPresetParams<N>> = {}): ToyConfig {
  if (!isToyPresetName(name)) throw new ToyConfigError(`unknown toy preset "${name}"; presets: ${Object.keys(TOY_PRESETS).join(', ')}`);
  const preset = presetNamed(name);
  const params: Record<string, ToyParamValue> = {};
  for (const [key, spec] of Object.entries(preset.keys)) params[key] = spec.default;
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (value === undefined) continue;
    const spec = keyNamed(preset.keys, key);
    if (!spec) throw unknownKey(name, key, preset.keys);
    if (!spec.accepts(value)) throw new ToyConfigError(`toy:${name}: bad value for "${key}": ${JSON.stringify(value)} (expected ${spec.expected})`);
    params[key] = Array.isArray(value) ? [...value] : value;
  }
  const problem = preset.check?.(params as ParamsOf<ParamKeys>);
  if (problem) throw new ToyConfigError(`toy:${name}: ${problem}`);
  return { preset: name, params };
}

/** The key spec called `key`, never something inherited such as "constructor". */
export const keyNamed = (keys: ParamKeys, key: string): ParamKey<ToyParamValue> | undefined => (Object.hasOwn(keys, key) ? keys[key] : undefined);

export function unknownKey(name: string, key: string, keys: ParamKeys): ToyConfigError {
  return new ToyConfigError(`toy:${name}: unknown key "${key}"; valid keys: ${Object.keys(keys).join(', ')}`);
}

/** The generator description of a config. */
export function resolveToySpec(config: ToyConfig): ToySpec {
  const checked = toyPreset(config.preset, config.params as Partial<ToyPresetParams<ToyPresetName>>);
  return presetNamed(checked.preset).build(checked.params as ParamsOf<ParamKeys>);
}
