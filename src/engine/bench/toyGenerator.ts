import { buildToyWorld, parseToySource, resolveToySpec, streamFromWorld } from '../toys';

export interface ToyGeneratorFigures {
  preset: string;
  samples: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Samples per second of a toy world's stream (the world is built once, outside the timing). */
export function toyGeneratorThroughput(source: string, samples: number, batch = 1024): ToyGeneratorFigures {
  const world = buildToyWorld(resolveToySpec(parseToySource(source)));
  const stream = streamFromWorld(world, 0);
  const out = new Float32Array(batch * world.truth.d);
  stream.nextBatch(batch, out);
  const t0 = performance.now();
  for (let done = 0; done < samples; done += batch) stream.nextBatch(batch, out);
  const seconds = (performance.now() - t0) / 1000;
  return { preset: source, samples, seconds, samplesPerSecond: samples / seconds };
}
