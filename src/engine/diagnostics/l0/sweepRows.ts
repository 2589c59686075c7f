import { batchRowsOf, type ActivationSource } from '../../data/source';

const shared = (values: number): Float32Array => new Float32Array(new SharedArrayBuffer(values * 4));

/** Held in memory up to this size; a longer run re-reads its source for every pass instead. */
export const DEFAULT_CACHE_BYTES = 4 * 2 ** 30;

/**
 * The training rows of a sweep: the first `length` rows of a source, read once and replayed for every SAE, so toy
 * data is generated once however many SAEs train on it. Rows are read lazily in order the first time they are
 * asked for (or ahead, by `readAhead`), into shared memory that worker threads read without a copy. When they would
 * not fit in `cacheBytes`, every pass reads the source again from its start (the same rows: sources replay exactly
 * after reset()).
 */
export class SweepRows implements ActivationSource {
  /** It starts over after `length` rows, so it never ends. */
  readonly rows = undefined;
  readonly length: number;
  private readonly cache: Float32Array | undefined;
  private read = 0;
  private position = 0;
  private buffer: Float32Array = shared(0);

  constructor(private readonly source: ActivationSource, length: number, cacheBytes = DEFAULT_CACHE_BYTES) {
    this.length = length;
    const values = length * source.dIn;
    this.cache = values * 4 <= cacheBytes ? shared(values) : undefined;
  }

  get dIn(): number {
    return this.source.dIn;
  }

  /**
   * The next `count` rows as one [count, d_in] array: a view of the cache, or a buffer reused by the next call.
   * Past the end the rows start over from the first.
   */
  async take(count: number): Promise<Float32Array> {
    const d = this.dIn;
    if (this.cache && this.position + count <= this.length) {
      await this.readUpTo(this.position + count);
      const view = this.cache.subarray(this.position * d, (this.position + count) * d);
      this.position += count;
      return view;
    }
    if (this.buffer.length !== count * d) this.buffer = shared(count * d);
    await this.nextBatch(this.buffer);
    return this.buffer;
  }

  /**
   * True once every row is in memory, so taking rows costs nothing more; always true when they are not kept (they are
   * read as they are taken).
   */
  get complete(): boolean {
    return !this.cache || this.read === this.length;
  }

  /** Reads up to `count` more rows into memory ahead of those taken so far; the position does not move. */
  async readAhead(count: number): Promise<void> {
    await this.readUpTo(Math.min(this.read + count, this.length));
  }

  async nextBatch(out: Float32Array): Promise<number> {
    const count = batchRowsOf(out, this.dIn);
    const d = this.dIn;
    for (let filled = 0; filled < count; ) {
      if (this.position === this.length) await this.reset();
      const n = Math.min(count - filled, this.length - this.position);
      if (this.cache) {
        await this.readUpTo(this.position + n);
        out.set(this.cache.subarray(this.position * d, (this.position + n) * d), filled * d);
      } else {
        await fillFrom(this.source, out.subarray(filled * d, (filled + n) * d));
      }
      this.position += n;
      filled += n;
    }
    return count;
  }

  async reset(): Promise<void> {
    this.position = 0;
    if (!this.cache) await this.source.reset();
  }

  async close(): Promise<void> {}

  describe(): string {
    return `the first ${this.length} rows of ${this.source.describe()}`;
  }

  private async readUpTo(end: number): Promise<void> {
    if (!this.cache || end <= this.read) return;
    const d = this.dIn;
    await fillFrom(this.source, this.cache.subarray(this.read * d, end * d));
    this.read = end;
  }
}

async function fillFrom(source: ActivationSource, out: Float32Array): Promise<void> {
  const want = out.length / source.dIn;
  const got = await source.nextBatch(out);
  if (got < want) throw new Error(`${source.describe()}: ran out of rows (got ${got} of ${want}); use a looping source or fewer steps`);
}
