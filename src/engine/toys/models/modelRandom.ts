import { Rng } from '../../util/random';

/** What a random stream of a toy model is for; each purpose gets its own stream from the one seed. */
export type ModelRandomPurpose = 'init' | 'split' | 'batches' | 'steps' | 'test';

const SALT: Record<ModelRandomPurpose, number> = {
  init: 0x3c6ef372,
  split: 0x1d8e4e27,
  batches: 0x9b05688c,
  steps: 0x5be0cd19,
  test: 0x2f5a3b91,
};

/**
 * A generator for one purpose. Salting keeps the streams apart: the runner's noise generator and, say, the
 * teacher's initialisation would otherwise replay the same xoshiro stream when given the same seed.
 */
export function modelRng(seed: number, purpose: ModelRandomPurpose): Rng {
  return new Rng(modelSeed(seed, purpose));
}

/** The salted seed of one purpose (for `StepRunner`'s noise generator, which takes a number). */
export function modelSeed(seed: number, purpose: ModelRandomPurpose): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return (seed ^ SALT[purpose]) >>> 0;
}
