/** The inspector's latent table in the worker: one column array per field, filtered, sorted and paged on request. */
import type { LatentColumn, LatentQuery, LatentRow, LatentRowsPage } from '../../shared/protocol';
import { parseSearch, type LatentField, type SearchTerm } from './latentSearch';

export interface LatentColumns {
  count: number;
  decoderNorm: Float64Array;
  density: Float64Array | null;
  maxActivation: Float32Array | null;
  nearest: Int32Array | null;
  nearestCosine: Float64Array | null;
}

/** Rows per page at most, so no single message grows with the SAE. */
export const MAX_PAGE_ROWS = 1000;

/** Answers queries on one set of columns, keeping the last ordering so scrolling does not re-sort. */
export class LatentTable {
  private cached: { key: string; order: Int32Array } | undefined;

  constructor(private columns: LatentColumns) {}

  /** Replaces the columns (nearest latents computed, data attached); orderings are recomputed. */
  update(columns: Partial<LatentColumns>): void {
    this.columns = { ...this.columns, ...columns };
    this.cached = undefined;
  }

  get current(): LatentColumns {
    return this.columns;
  }

  query({ offset, limit, sortBy, descending, search }: LatentQuery): LatentRowsPage {
    const order = this.filteredOrder(sortBy, descending, search);
    const end = Math.min(order.length, offset + Math.min(limit, MAX_PAGE_ROWS));
    const rows: LatentRow[] = [];
    for (let i = offset; i < end; i++) rows.push(this.row(order[i]));
    return { offset, total: order.length, rows };
  }

  row(index: number): LatentRow {
    const c = this.columns;
    return {
      index,
      density: c.density ? c.density[index] : null,
      maxActivation: c.maxActivation ? c.maxActivation[index] : null,
      decoderNorm: c.decoderNorm[index],
      nearest: c.nearest ? c.nearest[index] : null,
      nearestCosine: c.nearestCosine ? finiteOrNull(c.nearestCosine[index]) : null,
    };
  }

  private filteredOrder(sortBy: LatentColumn, descending: boolean, search: string): Int32Array {
    const key = `${sortBy}\u0000${descending}\u0000${search.trim()}`;
    if (this.cached?.key === key) return this.cached.order;
    const terms = parseSearch(search);
    const sorted = sortLatents(this.columns, sortBy, descending);
    const order = terms.length === 0 ? sorted : sorted.filter((latent) => terms.every((term) => this.passes(latent, term)));
    this.cached = { key, order };
    return order;
  }

  private passes(latent: number, term: SearchTerm): boolean {
    switch (term.kind) {
      case 'range':
        return latent >= term.from && latent <= term.to;
      case 'dead':
        return this.columns.density?.[latent] === 0 || this.columns.maxActivation?.[latent] === 0;
      case 'compare': {
        const value = this.fieldValue(latent, term.field);
        if (value === null || Number.isNaN(value)) return false;
        if (term.op === '<') return value < term.value;
        if (term.op === '<=') return value <= term.value;
        if (term.op === '>') return value > term.value;
        return value >= term.value;
      }
    }
  }

  private fieldValue(latent: number, field: LatentField): number | null {
    const c = this.columns;
    if (field === 'density') return c.density ? c.density[latent] : null;
    if (field === 'cos') return c.nearestCosine ? c.nearestCosine[latent] : null;
    if (field === 'max') return c.maxActivation ? c.maxActivation[latent] : null;
    return c.decoderNorm[latent];
  }
}

/** Latent indices ordered by a column; unknown values (no data, NaN) last either way; ties by index. */
export function sortLatents(columns: LatentColumns, sortBy: LatentColumn, descending: boolean): Int32Array {
  const order = new Int32Array(columns.count).map((_, i) => i);
  const values = columnValues(columns, sortBy);
  if (!values) return descending ? order.reverse() : order;
  const sign = descending ? -1 : 1;
  return order.sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    const unknownA = Number.isNaN(va);
    const unknownB = Number.isNaN(vb);
    if (unknownA || unknownB) return unknownA === unknownB ? a - b : unknownA ? 1 : -1;
    return va === vb ? a - b : sign * (va < vb ? -1 : 1);
  });
}

/** The values a column sorts by; undefined for the index column (already in order). */
function columnValues(c: LatentColumns, column: LatentColumn): ArrayLike<number> | undefined {
  switch (column) {
    case 'index':
      return undefined;
    case 'decoderNorm':
      return c.decoderNorm;
    case 'density':
      return c.density ?? new Float64Array(c.count).fill(Number.NaN);
    case 'maxActivation':
      return c.maxActivation ?? new Float32Array(c.count).fill(Number.NaN);
    case 'nearestCosine':
      return c.nearestCosine ?? new Float64Array(c.count).fill(Number.NaN);
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
