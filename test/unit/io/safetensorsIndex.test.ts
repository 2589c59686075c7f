import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { openSafetensorsIndex, writeSafetensors, type Tensor } from '../../../src/engine/io';
import { assertFormatError, useTempDir } from './helpers';

describe('io/safetensorsIndex', () => {
  const temp = useTempDir();
  const a: Tensor = { dtype: 'F32', shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) };
  const b: Tensor = { dtype: 'I64', shape: [2], data: new BigInt64Array([-1n, 7n]) };
  const c: Tensor = { dtype: 'U8', shape: [1], data: new Uint8Array([9]) };

  async function writeShardedModel(weightMap: Record<string, string>): Promise<string> {
    await writeSafetensors(temp('model-1.safetensors'), { a, c });
    await writeSafetensors(temp('model-2.safetensors'), { b });
    const index = temp('model.safetensors.index.json');
    writeFileSync(index, JSON.stringify({ metadata: { total_size: 42 }, weight_map: weightMap }));
    return index;
  }

  it('presents the union of the shards and reads each tensor from its shard', async () => {
    const indexPath = await writeShardedModel({ a: 'model-1.safetensors', b: 'model-2.safetensors', c: 'model-1.safetensors' });
    const model = await openSafetensorsIndex(indexPath);
    try {
      assert.deepEqual(model.metadata, { total_size: 42 });
      assert.deepEqual(model.shards, [temp('model-1.safetensors'), temp('model-2.safetensors')]);
      assert.deepEqual(
        model.tensors.map((t) => [t.name, t.dtype, t.shape, t.shard]),
        [
          ['a', 'F32', [3, 2], temp('model-1.safetensors')],
          ['b', 'I64', [2], temp('model-2.safetensors')],
          ['c', 'U8', [1], temp('model-1.safetensors')],
        ],
      );
      assert.deepEqual(await model.read('a'), a);
      assert.deepEqual(await model.read('b'), b);
      assert.deepEqual(await model.readRows('a', 1, 3), { dtype: 'F32', shape: [2, 2], data: new Float32Array([3, 4, 5, 6]) });
      await assertFormatError(model.read('zzz'), 'not-found', indexPath);
    } finally {
      await model.close();
    }
  });

  it('refuses an index whose shard is missing', async () => {
    const indexPath = await writeShardedModel({ a: 'model-1.safetensors', b: 'model-3.safetensors' });
    await assertFormatError(openSafetensorsIndex(indexPath), 'not-found', indexPath);
    await assert.rejects(openSafetensorsIndex(indexPath), /model-3\.safetensors: file does not exist/);
  });

  it('refuses an index that maps a tensor to a shard without it', async () => {
    const indexPath = await writeShardedModel({ a: 'model-1.safetensors', b: 'model-1.safetensors' });
    await assertFormatError(openSafetensorsIndex(indexPath), 'not-found', indexPath);
  });

  it('refuses a shard that is not valid safetensors, naming it', async () => {
    const indexPath = await writeShardedModel({ a: 'model-1.safetensors', b: 'model-2.safetensors' });
    writeFileSync(temp('model-2.safetensors'), 'oops');
    await assertFormatError(openSafetensorsIndex(indexPath), 'truncated', indexPath);
    await assert.rejects(openSafetensorsIndex(indexPath), /model-2\.safetensors/);
  });

  const badIndexes: [string, string, 'bad-json' | 'bad-header'][] = [
    ['invalid JSON', '{"weight_map": ', 'bad-json'],
    ['no weight_map', '{"metadata": {}}', 'bad-header'],
    ['a weight_map value that is not a file name', '{"weight_map": {"a": 3}}', 'bad-header'],
    ['metadata that is not an object', '{"metadata": [], "weight_map": {}}', 'bad-header'],
  ];
  for (const [what, text, code] of badIndexes) {
    it(`refuses an index with ${what}`, async () => {
      const indexPath = temp('bad.safetensors.index.json');
      writeFileSync(indexPath, text);
      await assertFormatError(openSafetensorsIndex(indexPath), code, indexPath);
    });
  }
});
