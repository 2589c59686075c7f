import { Rng } from '../util/random';
import { assertFiniteRows } from './finiteCheck';
import { fillPermutation } from './permutation';
import { batchRowsOf, describeOrder, orderDefaults, type ActivationSource, type OrderOptions } from './source';

export interface MemorySourceOptions extends OrderOptions {
  /** What errors and describe() call the data (default "in-memory activations"). */
  name?: string;
}

/** Rows of a Float32Array [n, dIn] held in memory, in file order or a fresh seeded permutation each epoch. */
export class MemorySource implements ActivationSource {
  readonly rows: number | undefined;
  readonly rowsPerEpoch: number;
  private readonly options: Required<OrderOptions>;
  private readonly name: string;
  private readonly order: Uint32Array | undefined;
  private rng: Rng;
  private nextInEpoch = 0;

  constructor(
    private readonly data: Float32Array,
    readonly dIn: number,
    options: MemorySourceOptions = {},
  ) {
    if (!Number.isSafeInteger(dIn) || dIn <= 0) throw new RangeError(`d_in must be a positive integer, got ${dIn}`);
    if (data.length === 0 || data.length % dIn !== 0) {
      throw new RangeError(`activations must be a non-empty [rows, ${dIn}] array, but have ${data.length} floats`);
    }
    this.options = orderDefaults(options);
    this.name = options.name ?? 'in-memory activations';
    this.rowsPerEpoch = data.length / dIn;
    this.rows = this.options.loop ? undefined : this.rowsPerEpoch;
    this.order = this.options.shuffle ? new Uint32Array(this.rowsPerEpoch) : undefined;
    this.rng = new Rng(this.options.seed);
    this.startEpoch();
  }

  async nextBatch(out: Float32Array): Promise<number> {
    const batchRows = batchRowsOf(out, this.dIn);
    let filled = 0;
    while (filled < batchRows) {
      if (this.nextInEpoch === this.rowsPerEpoch) {
        if (!this.options.loop) break;
        this.startEpoch();
      }
      const take = Math.min(batchRows - filled, this.rowsPerEpoch - this.nextInEpoch);
      if (this.order) this.copyPermuted(this.order, out, filled, take);
      else this.copyContiguous(out, filled, take);
      this.nextInEpoch += take;
      filled += take;
    }
    return filled;
  }

  async reset(): Promise<void> {
    this.rng = new Rng(this.options.seed);
    this.startEpoch();
  }

  async close(): Promise<void> {}

  describe(): string {
    return `${this.name}: ${this.rowsPerEpoch} × ${this.dIn} rows, ${describeOrder(this.options)}`;
  }

  private startEpoch(): void {
    this.nextInEpoch = 0;
    if (this.order) fillPermutation(this.order, this.rng);
  }

  private copyContiguous(out: Float32Array, outRow: number, rows: number): void {
    const d = this.dIn;
    const values = this.data.subarray(this.nextInEpoch * d, (this.nextInEpoch + rows) * d);
    assertFiniteRows(values, d, this.name, this.nextInEpoch);
    out.set(values, outRow * d);
  }

  private copyPermuted(order: Uint32Array, out: Float32Array, outRow: number, rows: number): void {
    const d = this.dIn;
    for (let k = 0; k < rows; k++) {
      const row = order[this.nextInEpoch + k];
      const values = this.data.subarray(row * d, (row + 1) * d);
      assertFiniteRows(values, d, this.name, row);
      out.set(values, (outRow + k) * d);
    }
  }
}
