/** Pages of latent rows the view has, keyed by page number, for one query (sort + search); a new query starts empty. */
import type { LatentRow, LatentRowsPage } from '../../shared/protocol';

export const PAGE_ROWS = 200;

export class RowCache {
  private readonly pages = new Map<number, LatentRow[]>();
  private readonly requested = new Set<number>();
  total: number | undefined;

  clear(): void {
    this.pages.clear();
    this.requested.clear();
    this.total = undefined;
  }

  row(index: number): LatentRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  }

  /** Pages covering rows [first, last] that are neither here nor asked for; marks them asked for. */
  missing(first: number, last: number): number[] {
    const pages: number[] = [];
    for (let page = Math.floor(first / PAGE_ROWS); page <= Math.floor(last / PAGE_ROWS); page++) {
      if (this.total !== undefined && page * PAGE_ROWS >= this.total && page > 0) break;
      if (this.pages.has(page) || this.requested.has(page)) continue;
      this.requested.add(page);
      pages.push(page);
    }
    return pages;
  }

  store(page: LatentRowsPage): void {
    this.total = page.total;
    this.pages.set(Math.floor(page.offset / PAGE_ROWS), page.rows);
  }
}
