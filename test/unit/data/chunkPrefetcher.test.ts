import assert from 'node:assert/strict';
import { ChunkPrefetcher } from '../../../src/engine/data/chunkPrefetcher';
import { ChunkSchedule } from '../../../src/engine/data/chunkSchedule';
import { Rng } from '../../../src/engine/util/random';
import { range, sorted } from './helpers';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('data/chunkPrefetcher', () => {
  it('reads the next chunk while the current one is consumed, one read at a time', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const started: number[] = [];
    const read = async (start: number, end: number) => {
      started.push(start);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await tick();
      inFlight--;
      return Float32Array.from(range(end - start), (i) => start + i);
    };
    const prefetcher = new ChunkPrefetcher(new ChunkSchedule(10, 4, undefined, false), read);
    assert.deepEqual(started, [0], 'the first read starts at once');

    const first = await prefetcher.next();
    assert.deepEqual(first && Array.from(first.values), [0, 1, 2, 3]);
    assert.deepEqual(started, [0, 4], 'taking a chunk starts reading the next');
    await tick();
    await tick();
    assert.deepEqual(started, [0, 4], 'no read beyond the one ahead');

    const rest = [await prefetcher.next(), await prefetcher.next(), await prefetcher.next()];
    assert.deepEqual(rest.map((c) => c && [c.firstRow, c.rows, c.lastOfEpoch]), [[4, 4, false], [8, 2, true], undefined]);
    assert.equal(mostInFlight, 1);
  });

  it('passes a failed read to the caller that takes that chunk', async () => {
    const read = async (start: number) => {
      if (start === 4) throw new Error('disk on fire');
      return new Float32Array(4);
    };
    const prefetcher = new ChunkPrefetcher(new ChunkSchedule(12, 4, undefined, false), read);
    await prefetcher.next();
    await tick(); // the failing read settles before anyone awaits it, without an unhandled rejection
    await assert.rejects(prefetcher.next(), /disk on fire/);
    await prefetcher.settle();
  });
});

describe('data/chunkSchedule', () => {
  it('visits every chunk once per epoch, in a fresh order each epoch when shuffled', () => {
    const schedule = new ChunkSchedule(100, 7, new Rng(2), true);
    const epochs = [0, 1].map(() => range(15).map(() => schedule.next()!));
    for (const epoch of epochs) {
      assert.deepEqual(sorted(epoch.map((c) => c.firstRow)), range(15).map((i) => i * 7));
      assert.deepEqual(epoch.map((c) => c.lastOfEpoch), range(15).map((i) => i === 14));
      assert.equal(epoch.find((c) => c.firstRow === 98)?.rows, 2);
    }
    assert.notDeepEqual(epochs[0], epochs[1]);
  });
});
