import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { atomicWrite, FormatError, writeNpy } from '../../../src/engine/io';
import { useTempDir } from './helpers';

describe('io/atomicWrite', () => {
  const temp = useTempDir();
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('writes all chunks and leaves no temporary file', async () => {
    await atomicWrite(temp('out.bin'), [bytes('hello '), bytes('world')]);
    assert.equal(readFileSync(temp('out.bin'), 'utf8'), 'hello world');
    assert.deepEqual(readdirSync(temp('.')), ['out.bin']);
  });

  it('replaces an existing file', async () => {
    writeFileSync(temp('out.bin'), 'old contents');
    await atomicWrite(temp('out.bin'), [bytes('new')]);
    assert.equal(readFileSync(temp('out.bin'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(temp('.')), ['out.bin']);
  });

  it('keeps the original and removes the temporary file when writing fails midway', async () => {
    writeFileSync(temp('out.bin'), 'original');
    function* failing(): Generator<Uint8Array> {
      yield bytes('partial');
      throw new Error('disk on fire');
    }
    await assert.rejects(atomicWrite(temp('out.bin'), failing()), (err: unknown) => {
      assert.ok(err instanceof FormatError);
      assert.equal(err.file, temp('out.bin'));
      assert.match(err.message, /disk on fire/);
      return true;
    });
    assert.equal(readFileSync(temp('out.bin'), 'utf8'), 'original');
    assert.deepEqual(readdirSync(temp('.')), ['out.bin']);
  });

  it('keeps the original when a writer refuses its input', async () => {
    writeFileSync(temp('a.npy'), 'original');
    await assert.rejects(writeNpy(temp('a.npy'), { dtype: 'F32', shape: [2], data: new Float32Array(3) }), FormatError);
    assert.equal(readFileSync(temp('a.npy'), 'utf8'), 'original');
  });

  it('reports a directory that does not exist as an io error naming the file', async () => {
    const path = temp('no/such/dir/out.bin');
    await assert.rejects(atomicWrite(path, [bytes('x')]), (err: unknown) => err instanceof FormatError && err.code === 'io' && err.file === path);
  });
});
