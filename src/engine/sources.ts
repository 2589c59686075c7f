import { openActivationSource, type ActivationSource, type OrderOptions } from './data';
import { batchRowsOf } from './data/source';
import { buildToyWorld, parseToySource, resolveToySpec, streamFromWorld, type ToyStream, type ToyTruth, type ToyWorld } from './toys';

/** The default `<source>` of every command: the large toy of Sparse but Wrong (50 features in 100 dims). */
export const DEFAULT_SOURCE = 'toy:large';

export interface OpenedSource {
  source: ActivationSource;
  /** Ground truth, when the source is a toy world. */
  truth?: ToyTruth;
}

/**
 * Opens any `<source>`: a `.npy` / `.safetensors` file (streamed through the shuffle buffer) or a `toy:` preset.
 * For toys, `seed` picks the samples and the preset's worldSeed the features, so two seeds give independent
 * samples of the same world (training and held-out data).
 */
export async function openSource(spec: string, options: OrderOptions & { expectDIn?: number } = {}): Promise<OpenedSource> {
  let truth: ToyTruth | undefined;
  const source = await openActivationSource(spec, {
    ...options,
    toyFactory: (toySpec, seed) => {
      const toy = new ToySource(toySpec, buildToyWorld(resolveToySpec(parseToySource(toySpec))), seed);
      truth = toy.truth;
      return toy;
    },
  });
  return { source, truth };
}

/** A toy world's endless stream as an activation source. */
class ToySource implements ActivationSource {
  readonly rows = undefined;
  readonly dIn: number;
  private stream: ToyStream;

  constructor(private readonly spec: string, private readonly world: ToyWorld, private readonly seed: number) {
    this.stream = streamFromWorld(world, seed);
    this.dIn = world.truth.d;
  }

  get truth(): ToyTruth {
    return this.world.truth;
  }

  async nextBatch(out: Float32Array): Promise<number> {
    const rows = batchRowsOf(out, this.dIn);
    this.stream.nextBatch(rows, out);
    return rows;
  }

  async reset(): Promise<void> {
    this.stream = streamFromWorld(this.world, this.seed);
  }

  async close(): Promise<void> {}

  describe(): string {
    return `${this.spec} (sample seed ${this.seed})`;
  }
}
