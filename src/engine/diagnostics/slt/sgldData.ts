import { Rng } from '../../util/random';

/** One column of a data set: `rows × ∏shape` values, row-major. */
export interface SgldColumn {
  dtype: 'float32' | 'int64';
  /** The shape of one row ([] for a scalar per row). */
  shape: readonly number[];
  values: Float32Array | BigInt64Array;
}

/** The data L_n is the mean loss over: named columns of `rows` rows each (e.g. `x`, `y`; or `items` for index data). */
export interface SgldDataSet {
  rows: number;
  columns: Readonly<Record<string, SgldColumn>>;
}

const rowSize = (c: SgldColumn) => c.shape.reduce((a, b) => a * b, 1);

/** Checks that every column holds `rows` rows of its shape and that float columns are finite. */
export function checkDataSet(what: string, data: SgldDataSet): void {
  if (!Number.isInteger(data.rows) || data.rows < 1) throw new RangeError(`${what}: needs at least one row, got ${data.rows}`);
  const names = Object.keys(data.columns);
  if (names.length === 0) throw new RangeError(`${what}: has no columns`);
  for (const name of names) {
    const c = data.columns[name];
    const expected = data.rows * rowSize(c);
    if (c.values.length !== expected) {
      throw new RangeError(`${what}: column ${name} has ${c.values.length} values, ${data.rows} rows of [${c.shape.join(', ')}] need ${expected}`);
    }
    if ((c.dtype === 'int64') !== c.values instanceof BigInt64Array) throw new RangeError(`${what}: column ${name} is ${c.dtype} but holds ${c.values.constructor.name}`);
    if (c.values instanceof Float32Array) {
      const bad = c.values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new RangeError(`${what}: column ${name} has a non-finite value at row ${Math.floor(bad / rowSize(c))}`);
    }
  }
}

/**
 * The minibatches of one chain, as a shuffling DataLoader cycled by devinterp's sampler gives them: every pass
 * over the data is a fresh seeded permutation cut into batches of `batch` rows; a last partial batch is dropped
 * (ORT shapes are static). With `batch === rows` every batch is the whole data set in order.
 */
export class MinibatchStream {
  private readonly rng: Rng;
  private readonly order: Int32Array;
  private position: number;

  constructor(readonly rows: number, readonly batch: number, seed: number) {
    if (!Number.isInteger(batch) || batch < 1 || batch > rows) throw new RangeError(`batch must be an integer in [1, ${rows}], got ${batch}`);
    this.rng = new Rng(seed);
    this.order = Int32Array.from({ length: rows }, (_, i) => i);
    this.position = rows;
  }

  /** Batches per pass over the data. */
  get batchesPerEpoch(): number {
    return Math.floor(this.rows / this.batch);
  }

  /** Writes the next batch's row indices into `out` at `offset`. */
  next(out: BigInt64Array | Int32Array, offset = 0): void {
    if (this.position + this.batch > this.rows) this.shuffle();
    for (let i = 0; i < this.batch; i++) {
      const row = this.order[this.position + i];
      if (out instanceof BigInt64Array) out[offset + i] = BigInt(row);
      else out[offset + i] = row;
    }
    this.position += this.batch;
  }

  private shuffle(): void {
    this.position = 0;
    if (this.batch === this.rows) return;
    for (let i = this.rows - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const t = this.order[i];
      this.order[i] = this.order[j];
      this.order[j] = t;
    }
  }
}
