import { Rng } from '../util/random';

/** What a random stream in a toy world is for; each purpose gets its own stream from the same seed. */
export type SeedPurpose = 'samples' | 'directions' | 'correlation' | 'bias';

const PURPOSE_SALT: Record<SeedPurpose, number> = { samples: 0, directions: 0x2545f491, correlation: 0x6c8e9cf5, bias: 0x1b873593 };

/**
 * A generator for one purpose; seeds are taken modulo 2³². Salting keeps the streams apart, so using one
 * number as both world seed and sample seed does not correlate, say, the feature directions with the samples.
 */
export function rngFor(seed: number, purpose: SeedPurpose): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return new Rng((seed ^ PURPOSE_SALT[purpose]) >>> 0);
}
