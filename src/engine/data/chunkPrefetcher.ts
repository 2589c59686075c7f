import type { ChunkSpan, ChunkSchedule } from './chunkSchedule';

export interface Chunk extends ChunkSpan {
  /** The chunk's rows, [rows, dIn] row-major. */
  values: Float32Array;
}

/**
 * Reads a schedule's chunks one ahead: while the caller consumes a chunk, the next one is being read, and never
 * more than one read is outstanding (so at most two chunks are in memory).
 */
export class ChunkPrefetcher {
  private pending: Promise<Chunk | undefined>;

  constructor(
    private readonly schedule: ChunkSchedule,
    private readonly readRows: (start: number, end: number) => Promise<Float32Array>,
  ) {
    this.pending = this.readNext();
  }

  /** The chunk read ahead (undefined when the schedule is done); starts reading the one after it. */
  async next(): Promise<Chunk | undefined> {
    const chunk = await this.pending;
    if (chunk) this.pending = this.readNext();
    return chunk;
  }

  /** Waits for the outstanding read, ignoring its outcome, so the file can be closed or the schedule replaced. */
  async settle(): Promise<void> {
    await this.pending.catch(() => undefined);
  }

  private readNext(): Promise<Chunk | undefined> {
    const span = this.schedule.next();
    if (!span) return Promise.resolve(undefined);
    const read = this.readRows(span.firstRow, span.firstRow + span.rows).then((values) => ({ ...span, values }));
    // A failed read reaches the caller through next(); until then this handler keeps it from counting as unhandled.
    read.catch(() => undefined);
    return read;
  }
}
