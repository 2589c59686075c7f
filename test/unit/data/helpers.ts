import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, type ActivationSource, type DataErrorCode } from '../../../src/engine/data';

/** A fresh temporary directory per test, removed afterwards. Call at the top of a describe block. */
export function useTempDir(): (name: string) => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'saescope-data-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

/** Rows [n, dIn] whose column 0 is the row's index and whose other columns are small exact functions of it. */
export function taggedRows(n: number, dIn: number): Float32Array {
  const values = new Float32Array(n * dIn);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < dIn; col++) values[row * dIn + col] = col === 0 ? row : (row % 7) - col;
  }
  return values;
}

/** Reads `batches` batches of `batchRows`, returning all rows read and the row count of each batch. */
export async function drain(source: ActivationSource, batchRows: number, batches: number): Promise<{ values: number[][]; counts: number[] }> {
  const batch = new Float32Array(batchRows * source.dIn);
  const values: number[][] = [];
  const counts: number[] = [];
  for (let b = 0; b < batches; b++) {
    const filled = await source.nextBatch(batch);
    counts.push(filled);
    for (let r = 0; r < filled; r++) values.push(Array.from(batch.subarray(r * source.dIn, (r + 1) * source.dIn)));
  }
  return { values, counts };
}

/** The row tags (column 0) of `batches` batches. */
export async function drainTags(source: ActivationSource, batchRows: number, batches: number): Promise<number[]> {
  return (await drain(source, batchRows, batches)).values.map((row) => row[0]);
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Asserts that `action` fails with a DataError of `code` naming `file`, and returns it for further checks. */
export async function rejectsWithDataError(action: Promise<unknown>, code: DataErrorCode, file: string): Promise<DataError> {
  let caught: unknown;
  await assert.rejects(action, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof DataError, `expected a DataError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.file, file);
  assert.ok(caught.message.startsWith(`${file}: `), caught.message);
  return caught;
}
