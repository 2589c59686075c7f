import assert from 'node:assert/strict';
import { MemorySource } from '../../../src/engine/data';
import { drain, drainTags, range, rejectsWithDataError, sorted, taggedRows } from './helpers';

describe('data/memorySource', () => {
  const n = 50;
  const dIn = 3;

  it('shuffles each epoch into a fresh permutation of the rows, whole rows intact', async () => {
    const source = new MemorySource(taggedRows(n, dIn), dIn, { shuffle: true, seed: 7, loop: true });
    const { values } = await drain(source, 8, 25); // 200 rows: four epochs, batches straddling epoch ends
    const epochs = [0, 1, 2, 3].map((e) => values.slice(e * n, (e + 1) * n).map((row) => row[0]));
    for (const epoch of epochs) assert.deepEqual(sorted(epoch), range(n));
    assert.notDeepEqual(epochs[0], range(n));
    assert.notDeepEqual(epochs[0], epochs[1]);
    const expected = taggedRows(n, dIn);
    for (const row of values) assert.deepEqual(row, Array.from(expected.subarray(row[0] * dIn, (row[0] + 1) * dIn)));
  });

  it('is deterministic under the seed, and reset replays the stream', async () => {
    const open = (seed: number) => new MemorySource(taggedRows(n, dIn), dIn, { seed, loop: true });
    const first = await drainTags(open(3), 7, 20);
    assert.deepEqual(await drainTags(open(3), 7, 20), first);
    assert.notDeepEqual(await drainTags(open(4), 7, 20), first);
    const source = open(3);
    await drainTags(source, 7, 9);
    await source.reset();
    assert.deepEqual(await drainTags(source, 7, 20), first);
  });

  it('without shuffle yields file order; without loop it ends with a short batch, then empty ones', async () => {
    const source = new MemorySource(taggedRows(n, dIn), dIn, { shuffle: false });
    assert.equal(source.rows, n);
    const { values, counts } = await drain(source, 16, 5);
    assert.deepEqual(counts, [16, 16, 16, 2, 0]);
    assert.deepEqual(values.map((row) => row[0]), range(n));
  });

  it('reports rows as undefined when looping', () => {
    assert.equal(new MemorySource(taggedRows(n, dIn), dIn, { loop: true }).rows, undefined);
  });

  it('refuses a NaN or infinite row when it is reached, naming the row and column', async () => {
    const values = taggedRows(n, dIn);
    values[17 * dIn + 2] = NaN;
    const source = new MemorySource(values, dIn, { shuffle: false, name: 'layer 3 acts' });
    const err = await rejectsWithDataError(drain(source, 10, 5), 'not-finite', 'layer 3 acts');
    assert.equal(err.message, 'layer 3 acts: row 17 column 2 is NaN');
    assert.deepEqual([err.row, err.column], [17, 2]);

    values[17 * dIn + 2] = 0;
    values[4 * dIn + 1] = -Infinity;
    const shuffled = new MemorySource(values, dIn, { seed: 1 });
    const inf = await rejectsWithDataError(drain(shuffled, 10, 5), 'not-finite', 'in-memory activations');
    assert.equal(inf.message, 'in-memory activations: row 4 column 1 is -Infinity');
  });

  it('refuses arrays and batches that are not whole rows', async () => {
    assert.throws(() => new MemorySource(new Float32Array(7), 3), RangeError);
    assert.throws(() => new MemorySource(new Float32Array(0), 3), RangeError);
    await assert.rejects(new MemorySource(new Float32Array(6), 3).nextBatch(new Float32Array(4)), RangeError);
  });
});
