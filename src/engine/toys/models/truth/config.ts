import { Rng } from '../../../util/random';
import type { ToyModelTrainOptions } from '../types';

/** A preset's configuration: its numeric defaults with the caller's overrides, `steps` from the options. */
export function resolveModelConfig<K extends string>(preset: string, defaults: Readonly<Record<K, number>>,
  options: ToyModelTrainOptions): Record<K, number> {
  const config: Record<K, number> = { ...defaults };
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (!Object.hasOwn(defaults, key)) {
      throw new RangeError(`${preset}: unknown parameter '${key}'; parameters: ${Object.keys(defaults).join(', ')}`);
    }
    if (!Number.isFinite(value)) throw new RangeError(`${preset}: ${key} must be a finite number, got ${value}`);
    config[key as K] = value;
  }
  if (options.steps !== undefined && Object.hasOwn(defaults, 'steps')) config['steps' as K] = options.steps;
  return config;
}

/** Checks that the named config values are positive integers (sizes, counts of steps and samples). */
export function checkPositiveIntegers(preset: string, config: Record<string, number>, keys: readonly string[]): void {
  for (const key of keys) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new RangeError(`${preset}: ${key} must be a positive integer, got ${config[key]}`);
  }
}

/** What a model's random stream is for; each gets its own generator from the run's seed. */
export type ModelSeedPurpose = 'world' | 'batches' | 'init' | 'probe';

const SALT: Record<ModelSeedPurpose, number> = { world: 0x5bd1e995, batches: 0x27d4eb2f, init: 0x165667b1, probe: 0x7f4a7c15 };

export function modelRng(seed: number, purpose: ModelSeedPurpose): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return new Rng((seed ^ SALT[purpose]) >>> 0);
}
