/** A preset's resolved configuration: its defaults with the caller's numeric overrides applied. */
export type PresetConfig = Record<string, number | string | boolean>;

/**
 * Defaults overridden by `overrides`. Only numeric defaults can be overridden (overrides are numbers); an
 * unknown key, a non-numeric default or a non-finite value is an error naming the preset and the key.
 */
export function resolvePresetConfig<C extends PresetConfig>(preset: string, defaults: C, overrides: Record<string, number> = {}): C {
  const config: PresetConfig = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaults)) throw new Error(`${preset}: unknown parameter '${key}'; parameters: ${Object.keys(defaults).join(', ')}`);
    if (typeof defaults[key] !== 'number') throw new Error(`${preset}: parameter '${key}' is not numeric and cannot be overridden`);
    if (!Number.isFinite(value)) throw new Error(`${preset}: parameter '${key}' must be a finite number, got ${value}`);
    config[key] = value;
  }
  return config as C;
}

/** A config value that must be a positive integer (sizes, step counts). */
export function positiveInteger(preset: string, config: PresetConfig, key: string): number {
  const value = config[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${preset}: parameter '${key}' must be a positive integer, got ${value}`);
  }
  return value;
}

/** A config value that must be a finite number. */
export function numeric(preset: string, config: PresetConfig, key: string): number {
  const value = config[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${preset}: parameter '${key}' must be a number, got ${value}`);
  return value;
}
