import assert from 'node:assert/strict';
import { MemorySource, openActivationSource, SOURCE_SPEC_SYNTAX, type ActivationSource } from '../../../src/engine/data';
import { writeNpy, writeSafetensors } from '../../../src/engine/io';
import { drainTags, range, rejectsWithDataError, taggedRows, useTempDir } from './helpers';

describe('data/openActivationSource', () => {
  const temp = useTempDir();

  async function firstTags(source: ActivationSource, rows: number): Promise<number[]> {
    try {
      return await drainTags(source, rows, 1);
    } finally {
      await source.close();
    }
  }

  it('opens .npy and .safetensors paths, with or without a tensor name', async () => {
    const npy = temp('acts.NPY');
    await writeNpy(npy, { dtype: 'F32', shape: [10, 2], data: taggedRows(10, 2) });
    assert.deepEqual(await firstTags(await openActivationSource(npy, { shuffle: false }), 10), range(10));

    const safetensors = temp('acts.safetensors');
    await writeSafetensors(safetensors, {
      layer0: { dtype: 'F32', shape: [6, 2], data: taggedRows(6, 2) },
      layer1: { dtype: 'F32', shape: [4, 2], data: taggedRows(4, 2).map((v) => v + 100) },
    });
    const named = await openActivationSource(`${safetensors}#layer1`, { shuffle: false });
    assert.match(named.describe(), /#layer1: 4 × 2 F32 rows, in order, one epoch/);
    assert.deepEqual(await firstTags(named, 4), [100, 101, 102, 103]);
    await rejectsWithDataError(openActivationSource(safetensors), 'no-tensor', safetensors);
  });

  it('hands toy: specs and the seed to the toy factory, checking d_in', async () => {
    const calls: [string, number][] = [];
    const toyFactory = (spec: string, seed: number) => {
      calls.push([spec, seed]);
      return new MemorySource(taggedRows(5, 3), 3, { shuffle: false });
    };
    const source = await openActivationSource('toy:hierarchy?features=64', { toyFactory, seed: 9, expectDIn: 3 });
    assert.deepEqual(await firstTags(source, 5), range(5));
    assert.deepEqual(calls, [['toy:hierarchy?features=64', 9]]);
    await rejectsWithDataError(openActivationSource('toy:x', { toyFactory, expectDIn: 4 }), 'd-in-mismatch', 'toy:x');
    await rejectsWithDataError(openActivationSource('toy:x'), 'bad-spec', 'toy:x');
  });

  it('lists the accepted syntaxes for anything else', async () => {
    for (const spec of ['acts.csv', 'acts.npy#x', 'hf:some/dataset', '']) {
      const err = await rejectsWithDataError(openActivationSource(spec), 'bad-spec', spec);
      for (const syntax of SOURCE_SPEC_SYNTAX) assert.ok(err.message.includes(syntax), err.message);
    }
  });
});
