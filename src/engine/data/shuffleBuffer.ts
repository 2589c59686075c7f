import type { Rng } from '../util/random';

/** A fixed-capacity pool of rows from which rows leave in uniformly random order. */
export class ShuffleBuffer {
  private readonly values: Float32Array;
  private count = 0;
  /** The most rows ever held at once: a debug counter for checking that memory stays bounded. */
  peakRows = 0;

  constructor(
    readonly capacity: number,
    private readonly dIn: number,
  ) {
    this.values = new Float32Array(capacity * dIn);
  }

  get size(): number {
    return this.count;
  }

  get free(): number {
    return this.capacity - this.count;
  }

  /** Appends `rows` rows of `source` starting at row `firstRow`; they must fit. */
  add(source: Float32Array, firstRow: number, rows: number): void {
    if (rows > this.free) throw new RangeError(`cannot add ${rows} rows to a shuffle buffer with room for ${this.free}`);
    const d = this.dIn;
    this.values.set(source.subarray(firstRow * d, (firstRow + rows) * d), this.count * d);
    this.count += rows;
    this.peakRows = Math.max(this.peakRows, this.count);
  }

  /**
   * Moves a uniformly drawn row to row `outRow` of `out`. Its slot is refilled with row `incomingRow` of `incoming`
   * when given, else with the last row (swap-remove), and the buffer shrinks by one.
   */
  takeRandom(rng: Rng, out: Float32Array, outRow: number, incoming?: Float32Array, incomingRow = 0): void {
    const d = this.dIn;
    const slot = rng.int(this.count) * d;
    out.set(this.values.subarray(slot, slot + d), outRow * d);
    if (incoming) {
      this.values.set(incoming.subarray(incomingRow * d, (incomingRow + 1) * d), slot);
    } else {
      this.count--;
      this.values.copyWithin(slot, this.count * d, (this.count + 1) * d);
    }
  }

  clear(): void {
    this.count = 0;
  }
}
