import assert from 'node:assert/strict';
import { LatentTable, MAX_PAGE_ROWS, sortLatents, type LatentColumns } from '../../../src/engine/jobs/latentTable';
import { parseSearch, SearchSyntaxError } from '../../../src/engine/jobs/latentSearch';
import type { LatentQuery } from '../../../src/shared/protocol';

function columns(count: number): LatentColumns {
  return {
    count,
    decoderNorm: Float64Array.from({ length: count }, (_, i) => (i * 7919) % count),
    density: Float64Array.from({ length: count }, (_, i) => (i % 10 === 0 ? 0 : 1 / (1 + i))),
    maxActivation: null,
    nearest: null,
    nearestCosine: null,
  };
}

const query = (q: Partial<LatentQuery>): LatentQuery => ({ offset: 0, limit: 100, sortBy: 'index', descending: false, search: '', ...q });

describe('jobs/latentTable', () => {
  it('pages through 65,536 latents in index order without reading past the end', () => {
    const table = new LatentTable(columns(65_536));
    const page = table.query(query({ offset: 65_500, limit: 100 }));
    assert.equal(page.total, 65_536);
    assert.equal(page.rows.length, 36);
    assert.deepEqual(page.rows.map((r) => r.index).slice(0, 3), [65_500, 65_501, 65_502]);
  });

  it('caps a page at MAX_PAGE_ROWS rows', () => {
    const page = new LatentTable(columns(5000)).query(query({ limit: 10_000 }));
    assert.equal(page.rows.length, MAX_PAGE_ROWS);
  });

  it('sorts by a column both ways, ties by index, unknown values last', () => {
    const c = columns(50);
    const ascending = Array.from(sortLatents(c, 'density', false));
    const zeros = ascending.slice(0, 5);
    assert.deepEqual(zeros, [0, 10, 20, 30, 40], 'the dead latents first, by index');
    const descending = Array.from(sortLatents(c, 'density', true));
    assert.equal(descending[0], 1, 'density 1/2 is the largest');
    const byMax = Array.from(sortLatents(c, 'maxActivation', true));
    assert.deepEqual(byMax.slice(0, 3), [0, 1, 2], 'no data attached: every value unknown, so index order');
  });

  it('sorts 65,536 latents quickly and reuses the ordering while scrolling', () => {
    const table = new LatentTable(columns(65_536));
    const started = performance.now();
    const first = table.query(query({ sortBy: 'decoderNorm', descending: true }));
    const second = table.query(query({ sortBy: 'decoderNorm', descending: true, offset: 30_000 }));
    assert.ok(performance.now() - started < 2000);
    assert.equal(first.rows[0].decoderNorm, 65_535);
    assert.equal(second.rows[0].decoderNorm, 65_535 - 30_000);
  });

  it('filters by index ranges and conditions, all terms together', () => {
    const table = new LatentTable(columns(1000));
    assert.deepEqual(table.query(query({ search: '5' })).rows.map((r) => r.index), [5]);
    assert.equal(table.query(query({ search: '100-199' })).total, 100);
    assert.equal(table.query(query({ search: 'dead' })).total, 100);
    const rare = table.query(query({ search: '0-99 density<0.02 density>0' }));
    assert.ok(rare.rows.every((r) => r.index <= 99 && r.density !== null && r.density < 0.02 && r.density > 0));
    assert.equal(table.query(query({ search: 'cos>0.5' })).total, 0, 'no nearest latents yet: nothing passes');
  });

  it('sees new columns after update', () => {
    const table = new LatentTable(columns(4));
    table.query(query({ sortBy: 'maxActivation', descending: true }));
    table.update({ maxActivation: Float32Array.from([1, 4, 2, 3]) });
    assert.deepEqual(table.query(query({ sortBy: 'maxActivation', descending: true })).rows.map((r) => r.index), [1, 3, 2, 0]);
  });

  it('rejects search terms it does not know, saying what it takes', () => {
    assert.throws(() => parseSearch('density=3'), (e: unknown) => e instanceof SearchSyntaxError && /density<1e-4/.test(e.message));
    assert.deepEqual(parseSearch(' max>=2.5e-1 '), [{ kind: 'compare', field: 'max', op: '>=', value: 0.25 }]);
  });
});
