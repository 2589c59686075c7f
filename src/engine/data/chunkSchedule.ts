import type { Rng } from '../util/random';
import { fillPermutation } from './permutation';

/** A run of contiguous rows to read as one chunk. */
export interface ChunkSpan {
  firstRow: number;
  rows: number;
  /** No chunk of the same epoch follows this one. */
  lastOfEpoch: boolean;
}

/**
 * The order in which a file's chunks are read: in file order, or a fresh seeded permutation of the chunks each
 * epoch; one epoch, or endlessly many.
 */
export class ChunkSchedule {
  private readonly order: Uint32Array;
  private position: number;

  constructor(
    private readonly totalRows: number,
    private readonly chunkRows: number,
    private readonly rng: Rng | undefined,
    private readonly loop: boolean,
  ) {
    this.order = new Uint32Array(Math.ceil(totalRows / chunkRows));
    fillPermutation(this.order, rng);
    this.position = 0;
  }

  /** The next chunk to read; undefined once a one-epoch schedule is done. */
  next(): ChunkSpan | undefined {
    if (this.position === this.order.length) {
      if (!this.loop) return undefined;
      fillPermutation(this.order, this.rng);
      this.position = 0;
    }
    const firstRow = this.order[this.position++] * this.chunkRows;
    const rows = Math.min(this.chunkRows, this.totalRows - firstRow);
    return { firstRow, rows, lastOfEpoch: this.position === this.order.length };
  }
}
