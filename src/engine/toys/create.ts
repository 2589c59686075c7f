import { resolveToySpec, type ToyConfig } from './presets';
import type { ToySpec } from './spec';
import { streamFromWorld, type ToyStream } from './stream';
import { buildToyWorld, type ToyWorld } from './world';

/**
 * A seeded stream of samples from a preset config, a ToySpec or an already built world. The world (directions,
 * correlations) depends only on the config's worldSeed; `seed` picks the samples, so streams with different
 * seeds share their ground truth (e.g. training and held-out data). Building a world can take a moment
 * (optimized directions), so pass a ToyWorld to reuse one.
 */
export function createToyStream(source: ToyConfig | ToySpec | ToyWorld, seed: number): ToyStream {
  if ('truth' in source) return streamFromWorld(source, seed);
  return streamFromWorld(buildToyWorld('preset' in source ? resolveToySpec(source) : source), seed);
}
