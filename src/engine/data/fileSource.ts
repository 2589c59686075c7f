import { Rng } from '../util/random';
import { checkExpectedDIn } from './activationShape';
import { ChunkPrefetcher, type Chunk } from './chunkPrefetcher';
import { ChunkSchedule } from './chunkSchedule';
import { DataError } from './errors';
import { openNpyRows, openSafetensorsRows, type RowFile } from './rowFile';
import { ShuffleBuffer } from './shuffleBuffer';
import { batchRowsOf, describeOrder, orderDefaults, type ActivationSource, type OrderOptions } from './source';

export const DEFAULT_CHUNK_BYTES = 64 * 2 ** 20;
export const DEFAULT_BUFFER_ROWS = 2 ** 16;
export const DEFAULT_BUFFER_BYTES = 256 * 2 ** 20;

export interface FileSourceOptions extends OrderOptions {
  /** The tensor to read from a .safetensors file; by default its only 2-D tensor. */
  tensor?: string;
  /** Refuse the file unless its rows have this d_in (e.g. the SAE's). */
  expectDIn?: number;
  /** Bytes of the file read at a time, rounded down to whole rows (at least one); default 64 MiB. */
  chunkBytes?: number;
  /** Rows the shuffle buffer holds; default 2^16 rows or 256 MiB of float32, whichever is fewer. */
  bufferRows?: number;
}

/** Figures for checking memory bounds in tests and benchmarks. */
export interface FileSourceStats {
  chunkRows: number;
  chunksRead: number;
  bufferCapacityRows: number;
  /** The most rows the shuffle buffer has held at once; never above its capacity. */
  bufferPeakRows: number;
}

/** The shuffle buffer's capacity: as asked, or the default bounded by rows and bytes; never more than the file's rows. */
export function shuffleBufferRows(dIn: number, fileRows: number, requested?: number): number {
  const byDefault = Math.max(1, Math.min(DEFAULT_BUFFER_ROWS, Math.floor(DEFAULT_BUFFER_BYTES / (Float32Array.BYTES_PER_ELEMENT * dIn))));
  return Math.min(fileRows, positive('bufferRows', requested ?? byDefault));
}

/** Opens a .npy or .safetensors file of activations [rows, d_in] as a streaming source. */
export async function openFileSource(path: string, options: FileSourceOptions = {}): Promise<FileSource> {
  const lower = path.toLowerCase();
  if (!lower.endsWith('.npy') && !lower.endsWith('.safetensors')) {
    throw new DataError('bad-spec', path, 'activation files must be .npy or .safetensors');
  }
  if (lower.endsWith('.npy') && options.tensor !== undefined) {
    throw new DataError('bad-spec', path, 'a .npy file holds one array; a tensor name applies only to .safetensors');
  }
  const rowFile = lower.endsWith('.npy') ? await openNpyRows(path) : await openSafetensorsRows(path, options.tensor);
  try {
    checkExpectedDIn(path, rowFile.dIn, options.expectDIn);
    return new FileSource(rowFile, options);
  } catch (err) {
    await rowFile.close();
    throw err;
  }
}

/**
 * Rows of a file larger than memory. Contiguous chunks are read (one read ahead) in file order or, when
 * shuffling, in a seeded random chunk order into a bounded shuffle buffer that rows leave in random order.
 * Each epoch yields every row exactly once; memory holds the buffer plus at most two chunks.
 */
export class FileSource implements ActivationSource {
  readonly dIn: number;
  readonly rows: number | undefined;
  readonly rowsPerEpoch: number;
  private readonly options: Required<OrderOptions>;
  private readonly chunkRows: number;
  private readonly buffer: ShuffleBuffer | undefined;
  private chunksRead = 0;
  private prefetcher!: ChunkPrefetcher;
  private rowRng!: Rng;
  private staged: Chunk = NO_CHUNK;
  private stagedRow = 0;
  /** Whether the current epoch has chunks not yet taken from the prefetcher. */
  private epochHasChunks = true;

  constructor(
    private readonly rowFile: RowFile,
    options: FileSourceOptions = {},
  ) {
    this.options = orderDefaults(options);
    this.dIn = rowFile.dIn;
    this.rowsPerEpoch = rowFile.rows;
    this.rows = this.options.loop ? undefined : rowFile.rows;
    const chunkBytes = positive('chunkBytes', options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.chunkRows = Math.min(rowFile.rows, Math.max(1, Math.floor(chunkBytes / rowFile.rowBytes)));
    const bufferRows = shuffleBufferRows(this.dIn, rowFile.rows, options.bufferRows);
    this.buffer = this.options.shuffle ? new ShuffleBuffer(bufferRows, this.dIn) : undefined;
    this.start();
  }

  async nextBatch(out: Float32Array): Promise<number> {
    const batchRows = batchRowsOf(out, this.dIn);
    return this.buffer ? this.nextShuffled(this.buffer, out, batchRows) : this.nextInOrder(out, batchRows);
  }

  async reset(): Promise<void> {
    await this.prefetcher.settle();
    this.start();
  }

  async close(): Promise<void> {
    await this.prefetcher.settle();
    await this.rowFile.close();
  }

  describe(): string {
    const { file, tensor, dtype } = this.rowFile;
    const name = tensor === undefined ? file : `${file}#${tensor}`;
    const buffering = this.buffer ? `, shuffle buffer ${this.buffer.capacity} rows` : '';
    const rows = `${this.rowsPerEpoch} × ${this.dIn} ${dtype} rows`;
    return `${name}: ${rows}, ${describeOrder(this.options)}, chunks of ${this.chunkRows} rows${buffering}`;
  }

  stats(): FileSourceStats {
    return {
      chunkRows: this.chunkRows,
      chunksRead: this.chunksRead,
      bufferCapacityRows: this.buffer?.capacity ?? 0,
      bufferPeakRows: this.buffer?.peakRows ?? 0,
    };
  }

  private start(): void {
    const { shuffle, seed, loop } = this.options;
    // Separate streams for chunk order and row draws, so neither depends on how reads and batches interleave.
    const schedule = new ChunkSchedule(this.rowsPerEpoch, this.chunkRows, shuffle ? new Rng(seed) : undefined, loop);
    this.rowRng = new Rng(seed ^ 0x5bd1e995);
    this.prefetcher = new ChunkPrefetcher(schedule, (start, end) => {
      this.chunksRead++;
      return this.rowFile.readRows(start, end);
    });
    this.staged = NO_CHUNK;
    this.stagedRow = 0;
    this.epochHasChunks = true;
    this.buffer?.clear();
  }

  private get stagedRemaining(): number {
    return this.staged.rows - this.stagedRow;
  }

  /** Takes the next chunk from the prefetcher; false when there are no more. */
  private async stageNextChunk(): Promise<boolean> {
    const chunk = await this.prefetcher.next();
    this.staged = chunk ?? NO_CHUNK;
    this.stagedRow = 0;
    this.epochHasChunks = chunk !== undefined && !chunk.lastOfEpoch;
    return chunk !== undefined;
  }

  private async nextInOrder(out: Float32Array, batchRows: number): Promise<number> {
    const d = this.dIn;
    let filled = 0;
    while (filled < batchRows) {
      if (this.stagedRemaining === 0 && !(await this.stageNextChunk())) break;
      const take = Math.min(batchRows - filled, this.stagedRemaining);
      out.set(this.staged.values.subarray(this.stagedRow * d, (this.stagedRow + take) * d), filled * d);
      this.stagedRow += take;
      filled += take;
    }
    return filled;
  }

  private async nextShuffled(buffer: ShuffleBuffer, out: Float32Array, batchRows: number): Promise<number> {
    let filled = 0;
    while (filled < batchRows) {
      await this.fillBuffer(buffer);
      if (buffer.size === 0) {
        // The epoch is drained; the next one starts with the chunk the prefetcher already holds.
        if (!this.options.loop) break;
        this.epochHasChunks = true;
        continue;
      }
      filled = this.emitShuffled(buffer, out, filled, batchRows);
    }
    return filled;
  }

  /** Fills the buffer to capacity and stages a chunk to refill it from, as far as the epoch's chunks allow. */
  private async fillBuffer(buffer: ShuffleBuffer): Promise<void> {
    while (this.epochHasChunks || this.stagedRemaining > 0) {
      if (this.stagedRemaining === 0) {
        await this.stageNextChunk();
        continue;
      }
      if (buffer.free === 0) return;
      const take = Math.min(buffer.free, this.stagedRemaining);
      buffer.add(this.staged.values, this.stagedRow, take);
      this.stagedRow += take;
    }
  }

  /** Moves random rows from the buffer into `out`, refilling from the staged chunk; stops when a new chunk is needed. */
  private emitShuffled(buffer: ShuffleBuffer, out: Float32Array, filled: number, batchRows: number): number {
    while (filled < batchRows && buffer.size > 0) {
      const incoming = this.stagedRemaining > 0 ? this.staged.values : undefined;
      // Draining before the epoch's last chunk has been read would shrink the pool rows are drawn from.
      if (!incoming && this.epochHasChunks) break;
      buffer.takeRandom(this.rowRng, out, filled, incoming, this.stagedRow);
      if (incoming) this.stagedRow++;
      filled++;
    }
    return filled;
  }
}

const NO_CHUNK: Chunk = { firstRow: 0, rows: 0, lastOfEpoch: false, values: new Float32Array(0) };

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be at least 1, got ${value}`);
  return Math.floor(value);
}
