import assert from 'node:assert/strict';
import { measureStreaming } from '../../../src/engine/data';
import { writeNpy } from '../../../src/engine/io';
import { taggedRows, useTempDir } from './helpers';

describe('data/measureStreaming', () => {
  const temp = useTempDir();

  it('streams every row of a file once and reports time and peak memory', async () => {
    const path = temp('acts.npy');
    await writeNpy(path, { dtype: 'F32', shape: [1000, 8], data: taggedRows(1000, 8) });
    for (const shuffle of [false, true]) {
      const figures = await measureStreaming(path, { shuffle, batchRows: 64, chunkBytes: 4096, bufferRows: 100 });
      assert.equal(figures.rows, 1000);
      assert.ok(figures.seconds >= 0);
      assert.ok(figures.peakRssMb > 0);
    }
  });
});
