import type { ActivationSource } from '../../data/source';
import { openSource } from '../../sources';
import { longonSampler } from '../../toys/models/superposition/longonData';
import type { SparseFeatureSampler } from '../../toys/models/superposition/sparseFeatures';
import { longonHiddenActivations } from '../../toys/models/superposition/longonHidden';
import { LongonStream, ModelInput } from './modelInput';

/** Reads exactly `rows` rows from a source into `out`; a source that ends first is an error. */
async function readExactly(source: ActivationSource, rows: number, out: Float32Array): Promise<void> {
  let filled = 0;
  while (filled < rows) {
    const got = await source.nextBatch(out.subarray(filled * source.dIn, rows * source.dIn));
    if (got === 0) throw new Error(`${source.describe()}: ran out of rows after ${filled} of ${rows}`);
    filled += got;
  }
}

/** The endless stream a Longon model was trained on, as an activation source of stimuli. */
class LongonStimuli implements ActivationSource {
  readonly rows = undefined;
  private sampler: SparseFeatureSampler;

  constructor(readonly dIn: number, private readonly stream: LongonStream) {
    this.sampler = longonSampler(dIn, stream.p, stream.dataSeed);
  }

  async nextBatch(out: Float32Array): Promise<number> {
    this.sampler.fill(out);
    return out.length / this.dIn;
  }

  async reset(): Promise<void> {
    this.sampler = longonSampler(this.dIn, this.stream.p, this.stream.dataSeed);
  }

  async close(): Promise<void> {}

  describe(): string {
    return `the longon-tms training stream (${this.dIn} features, p ${this.stream.p}, data seed ${this.stream.dataSeed})`;
  }
}

interface Side {
  units: number;
  read(rows: number, stimuli: Float32Array | undefined, out: Float32Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * The two representations of the same stimuli, read in step, in order (no shuffling). Activation files are
 * read row by row; toy models see the rows of one stimuli source, read once for both.
 */
export class PairedRows {
  private constructor(
    private readonly sides: [Side, Side],
    private readonly stimuli: ActivationSource | undefined,
    /** Rows available; undefined when every side reads an endless (toy) source. */
    readonly rows: number | undefined,
  ) {}

  /**
   * Stimuli for toy models: `data` (any activation source, `seed` picking toy samples), or by default the stream
   * both toy models were trained on (the paper's protocol), else `toy:longon` with their feature count.
   */
  static async open(a: ModelInput, b: ModelInput, data: string | undefined, seed: number): Promise<PairedRows> {
    const opened: ActivationSource[] = [];
    try {
      const toys = [a, b].filter((m) => m.kind === 'longon');
      let stimuli: ActivationSource | undefined;
      if (toys.length > 0) {
        const features = toys[0].W.shape[0];
        for (const m of toys) if (m.W.shape[0] !== features) throw new Error(`the toy models take different numbers of features (${features} and ${m.W.shape[0]})`);
        const streams = new Set(toys.map((m) => (m.stream ? JSON.stringify(m.stream) : undefined)));
        const shared = toys[0].stream;
        stimuli = data === undefined && shared && streams.size === 1
          ? new LongonStimuli(features, shared)
          : (await openSource(data ?? `toy:longon?features=${features}`, { seed, shuffle: false, loop: false, expectDIn: features })).source;
        opened.push(stimuli);
      }
      const side = async (m: ModelInput): Promise<Side> => {
        if (m.kind === 'longon') {
          return {
            units: m.W.shape[1],
            read: async (_rows, x, out) => out.set(await longonHiddenActivations(m.W, x!)),
            close: async () => {},
          };
        }
        const { source } = await openSource(m.spec, { shuffle: false, loop: false });
        opened.push(source);
        return { units: source.dIn, read: (rows, _x, out) => readExactly(source, rows, out), close: () => source.close() };
      };
      const sides: [Side, Side] = [await side(a), await side(b)];
      const counts = opened.map((s) => s.rows).filter((r): r is number => r !== undefined);
      if (new Set(counts).size > 1) throw new Error(`the two representations must describe the same stimuli, but have ${counts.join(' and ')} rows`);
      return new PairedRows(sides, stimuli, counts[0]);
    } catch (err) {
      for (const s of opened) await s.close();
      throw err;
    }
  }

  get units(): [number, number] {
    return [this.sides[0].units, this.sides[1].units];
  }

  /** The next `rows` rows of both sides. */
  async read(rows: number, outA: Float32Array, outB: Float32Array): Promise<void> {
    let x: Float32Array | undefined;
    if (this.stimuli) {
      x = new Float32Array(rows * this.stimuli.dIn);
      await readExactly(this.stimuli, rows, x);
    }
    await this.sides[0].read(rows, x, outA);
    await this.sides[1].read(rows, x, outB);
  }

  /** Passes over `rows` rows of both sides. */
  async skip(rows: number): Promise<void> {
    const chunk = 8192;
    for (let done = 0; done < rows; done += chunk) {
      const n = Math.min(chunk, rows - done);
      await this.read(n, new Float32Array(n * this.sides[0].units), new Float32Array(n * this.sides[1].units));
    }
  }

  async close(): Promise<void> {
    await this.stimuli?.close();
    for (const s of this.sides) await s.close();
  }
}
