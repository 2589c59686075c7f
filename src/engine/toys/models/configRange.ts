import { PresetConfig, numeric } from './presetConfig';

/** A config value that must lie in [low, high] (probabilities, exponents, learning rates). */
export function numberIn(preset: string, config: PresetConfig, key: string, low: number, high: number): number {
  const value = numeric(preset, config, key);
  if (value < low || value > high) throw new Error(`${preset}: parameter '${key}' must be in [${low}, ${high}], got ${value}`);
  return value;
}

/** A config value that must be an integer ≥ 0 (warm-up steps, ranks that may be zero). */
export function nonNegativeInteger(preset: string, config: PresetConfig, key: string): number {
  const value = numeric(preset, config, key);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${preset}: parameter '${key}' must be an integer ≥ 0, got ${value}`);
  return value;
}
