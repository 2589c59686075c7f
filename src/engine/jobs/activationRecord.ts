/**
 * Per-latent activations over attached data: every nonzero (row, value) kept in a growing list, then grouped by
 * latent (counting sort) so one latent's histogram and top examples are a slice. Sparse SAEs fire L0 latents per
 * row, so N rows cost about N·L0 entries; `budget` caps that for dense ones.
 */
import type { LatentActivations, TokenContext } from '../../shared/protocol';
import { contextRows, tokenLabel, type TokenText } from './tokenText';

/** Tokens shown before and after a top example's own token. */
const CONTEXT_BEFORE = 10;
const CONTEXT_AFTER = 4;

export interface ActivationRecord {
  rows: number;
  max: Float32Array;
  /** Latent i's entries are [start[i], start[i+1]). */
  start: Int32Array;
  row: Int32Array;
  value: Float32Array;
}

export class ActivationRecorder {
  private latent: Int32Array;
  private row: Int32Array;
  private value: Float32Array;
  private size = 0;
  private rowsSeen = 0;
  private readonly max: Float32Array;

  constructor(
    private readonly dSae: number,
    private readonly budget: number,
  ) {
    const initial = Math.min(budget, 1 << 16);
    this.latent = new Int32Array(initial);
    this.row = new Int32Array(initial);
    this.value = new Float32Array(initial);
    this.max = new Float32Array(dSae);
  }

  get rows(): number {
    return this.rowsSeen;
  }

  /**
   * Records `rows` rows of acts [rows, d_sae]; returns false, recording none of them, when they would pass
   * the budget (so every recorded row is complete).
   */
  add(acts: Float32Array, rows: number): boolean {
    let nonzero = 0;
    for (let k = 0; k < rows * this.dSae; k++) if (acts[k] !== 0) nonzero++;
    if (this.size + nonzero > this.budget) return false;
    this.reserve(this.size + nonzero);
    for (let r = 0; r < rows; r++) {
      const base = r * this.dSae;
      for (let i = 0; i < this.dSae; i++) {
        const a = acts[base + i];
        if (a === 0) continue;
        this.latent[this.size] = i;
        this.row[this.size] = this.rowsSeen + r;
        this.value[this.size] = a;
        this.size++;
        if (a > this.max[i]) this.max[i] = a;
      }
    }
    this.rowsSeen += rows;
    return true;
  }

  finish(): ActivationRecord {
    const start = new Int32Array(this.dSae + 1);
    for (let k = 0; k < this.size; k++) start[this.latent[k] + 1]++;
    for (let i = 0; i < this.dSae; i++) start[i + 1] += start[i];
    const next = start.slice(0, this.dSae);
    const row = new Int32Array(this.size);
    const value = new Float32Array(this.size);
    for (let k = 0; k < this.size; k++) {
      const at = next[this.latent[k]]++;
      row[at] = this.row[k];
      value[at] = this.value[k];
    }
    return { rows: this.rowsSeen, max: this.max, start, row, value };
  }

  private reserve(size: number): void {
    if (size <= this.latent.length) return;
    const capacity = Math.min(this.budget, Math.max(size, 2 * this.latent.length));
    this.latent = grow(this.latent, new Int32Array(capacity));
    this.row = grow(this.row, new Int32Array(capacity));
    this.value = grow(this.value, new Float32Array(capacity));
  }
}

function grow<T extends Int32Array | Float32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/** Latent `latent`'s activation on `row`: its entries are in row order, so a binary search finds it (0 when it did not fire). */
export function activationAt(record: ActivationRecord, latent: number, row: number): number {
  let lo = record.start[latent];
  let hi = record.start[latent + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (record.row[mid] < row) lo = mid + 1;
    else hi = mid;
  }
  return lo < record.start[latent + 1] && record.row[lo] === row ? record.value[lo] : 0;
}

/** The tokens around a row with the latent's activation on each; `focus` is the row's own token. */
export function tokenContext(record: ActivationRecord, tokens: TokenText, latent: number, row: number): TokenContext {
  const { from, to } = contextRows(tokens, row, record.rows, CONTEXT_BEFORE, CONTEXT_AFTER);
  const context: TokenContext = { tokens: [], values: [], focus: row - from };
  for (let r = from; r < to; r++) {
    context.tokens.push(tokenLabel(tokens, tokens.ids[r]));
    context.values.push(activationAt(record, latent, r));
  }
  return context;
}

/**
 * One latent's view of the record: histogram of its nonzero values and its top examples, largest first, each in its
 * token context when tokens are attached.
 */
export function latentActivations(record: ActivationRecord, latent: number, bins = 24, examples = 20, tokens: TokenText | null = null): LatentActivations {
  const from = record.start[latent];
  const to = record.start[latent + 1];
  const values = record.value.subarray(from, to);
  const rows = record.row.subarray(from, to);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const histogram = { edges: [] as number[], counts: [] as number[] };
  if (values.length > 0) {
    const width = hi > lo ? (hi - lo) / bins : 1;
    const count = hi > lo ? bins : 1;
    histogram.edges = Array.from({ length: count + 1 }, (_, b) => lo + b * width);
    histogram.counts = new Array<number>(count).fill(0);
    for (const v of values) histogram.counts[Math.min(count - 1, Math.floor((v - lo) / width))]++;
  }
  const top = Array.from(values.keys())
    .sort((a, b) => values[b] - values[a] || rows[a] - rows[b])
    .slice(0, examples)
    .map((k) => ({ row: rows[k], value: values[k], ...(tokens ? { context: tokenContext(record, tokens, latent, rows[k]) } : {}) }));
  return { max: values.length > 0 ? hi : 0, fired: values.length, rows: record.rows, histogram, examples: top };
}
