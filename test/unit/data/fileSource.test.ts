import assert from 'node:assert/strict';
import { openFileSource, shuffleBufferRows, type FileSourceOptions } from '../../../src/engine/data';
import { writeNpy, writeSafetensors } from '../../../src/engine/io';
import { drain, drainTags, range, sorted, taggedRows, useTempDir } from './helpers';

const n = 1000;
const dIn = 3;
/** 37 rows per chunk: chunk ends fall in the middle of 16-row batches, and the last chunk holds one row. */
const small: FileSourceOptions = { chunkBytes: 37 * dIn * 4, bufferRows: 50 };

describe('data/fileSource', () => {
  const temp = useTempDir();
  let path = '';

  beforeEach(async () => {
    path = temp('acts.npy');
    await writeNpy(path, { dtype: 'F32', shape: [n, dIn], data: taggedRows(n, dIn) });
  });

  for (const bufferRows of [50, 10]) {
    it(`shuffled, yields every row exactly once per epoch, whole (buffer ${bufferRows} rows, chunks 37)`, async () => {
      const source = await openFileSource(path, { ...small, bufferRows, seed: 5, loop: true });
      try {
        const { values } = await drain(source, 16, 200); // 3200 rows: 3.2 epochs
        const expected = taggedRows(n, dIn);
        for (const row of values) assert.deepEqual(row, Array.from(expected.subarray(row[0] * dIn, (row[0] + 1) * dIn)));
        const epochs = [0, 1, 2].map((e) => values.slice(e * n, (e + 1) * n).map((row) => row[0]));
        for (const epoch of epochs) assert.deepEqual(sorted(epoch), range(n));
        assert.notDeepEqual(epochs[0], range(n));
        assert.notDeepEqual(epochs[0], epochs[1]);
      } finally {
        await source.close();
      }
    });
  }

  it('never holds more rows in its shuffle buffer than its capacity', async () => {
    const source = await openFileSource(path, { ...small, loop: true });
    try {
      await drain(source, 16, 150);
      const stats = source.stats();
      assert.equal(stats.chunkRows, 37);
      assert.equal(stats.bufferCapacityRows, 50);
      assert.equal(stats.bufferPeakRows, 50);
      assert.ok(stats.chunksRead >= 2 * Math.ceil(n / 37), `${stats.chunksRead} chunk reads`);
    } finally {
      await source.close();
    }
  });

  it('bounds the default shuffle buffer by rows, bytes and the file', () => {
    assert.equal(shuffleBufferRows(768, 1e9), 2 ** 16);
    assert.equal(shuffleBufferRows(4096, 1e9), 16384); // 256 MiB of float32 rows
    assert.equal(shuffleBufferRows(3, 1000), 1000);
    assert.equal(shuffleBufferRows(3, 1000, 20), 20);
    assert.throws(() => shuffleBufferRows(3, 1000, 0), RangeError);
  });

  it('is deterministic under the seed, whatever the batch size, and reset replays the stream', async () => {
    const tags = async (seed: number, batchRows = 16) => {
      const source = await openFileSource(path, { ...small, seed, loop: true });
      try {
        return await drainTags(source, batchRows, 1600 / batchRows);
      } finally {
        await source.close();
      }
    };
    const first = await tags(1);
    assert.deepEqual(await tags(1), first);
    assert.deepEqual(await tags(1, 5), first);
    assert.notDeepEqual(await tags(2), first);

    const source = await openFileSource(path, { ...small, seed: 1, loop: true });
    try {
      await drainTags(source, 16, 33);
      await source.reset();
      assert.deepEqual(await drainTags(source, 16, 100), first);
    } finally {
      await source.close();
    }
  });

  it('without shuffle yields the file in order, looping across epochs', async () => {
    const source = await openFileSource(path, { ...small, shuffle: false, loop: true });
    try {
      assert.equal(source.rows, undefined);
      assert.equal(source.stats().bufferCapacityRows, 0);
      assert.deepEqual(await drainTags(source, 16, 150), [...range(n), ...range(n), ...range(400)]);
    } finally {
      await source.close();
    }
  });

  it('without loop ends with a short batch and then empty ones, shuffled or not', async () => {
    for (const shuffle of [false, true]) {
      const source = await openFileSource(path, { ...small, shuffle });
      try {
        assert.equal(source.rows, n);
        const { values, counts } = await drain(source, 16, 64);
        assert.deepEqual(counts.slice(61), [16, 8, 0]);
        const tags = values.map((row) => row[0]);
        assert.deepEqual(shuffle ? sorted(tags) : tags, range(n));
      } finally {
        await source.close();
      }
    }
  });

  it('converts float64 and float16 .npy files to float32', async () => {
    const expected = taggedRows(n, dIn);
    for (const dtype of ['F64', 'F16'] as const) {
      const wide = temp(`${dtype}.npy`);
      await writeNpy(wide, { dtype, shape: [n, dIn], data: dtype === 'F64' ? Float64Array.from(expected) : expected });
      const source = await openFileSource(wide, { ...small, shuffle: false });
      try {
        const batch = new Float32Array(n * dIn);
        assert.equal(await source.nextBatch(batch), n);
        assert.deepEqual(batch, expected, dtype);
        assert.match(source.describe(), new RegExp(`1000 × 3 ${dtype} rows`));
      } finally {
        await source.close();
      }
    }
  });

  it('reads safetensors: the only 2-D tensor, or the one named; BF16 widened', async () => {
    const rows = 200; // tags stay exact in bfloat16
    const expected = taggedRows(rows, dIn);
    const file = temp('acts.safetensors');
    await writeSafetensors(file, {
      b_dec: { dtype: 'F32', shape: [dIn], data: new Float32Array(dIn) },
      acts: { dtype: 'BF16', shape: [rows, dIn], data: expected },
    });
    const only = await openFileSource(file, { ...small, shuffle: false });
    try {
      const batch = new Float32Array(rows * dIn);
      assert.equal(await only.nextBatch(batch), rows);
      assert.deepEqual(batch, expected);
      assert.match(only.describe(), /acts\.safetensors#acts: 200 × 3 BF16 rows/);
    } finally {
      await only.close();
    }

    const two = temp('two.safetensors');
    await writeSafetensors(two, {
      a: { dtype: 'F32', shape: [rows, dIn], data: expected },
      b: { dtype: 'F32', shape: [10, 5], data: new Float32Array(50) },
    });
    const named = await openFileSource(two, { ...small, tensor: 'a', seed: 3 });
    try {
      assert.deepEqual(sorted(await drainTags(named, 16, 13)), range(rows));
    } finally {
      await named.close();
    }
  });
});
