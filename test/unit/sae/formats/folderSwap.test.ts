import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { FormatError } from '../../../../src/engine/io';
import { replaceFolder } from '../../../../src/engine/sae/formats/folderSwap';
import { useTempDir } from './helpers';

describe('sae/formats replaceFolder', () => {
  const temp = useTempDir();
  const fillWith = (text: string) => async (folder: string) => writeFileSync(`${folder}/file.txt`, text);

  it('creates the folder and any missing parents', async () => {
    await replaceFolder(temp('a', 'b', 'sae'), fillWith('new'));
    assert.equal(readFileSync(temp('a', 'b', 'sae', 'file.txt'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(temp('a', 'b')), ['sae']);
  });

  it('keeps the old folder and removes the temporary one when filling fails', async () => {
    await replaceFolder(temp('sae'), fillWith('old'));
    const failing = async (folder: string) => {
      writeFileSync(`${folder}/partial.txt`, 'partial');
      throw new Error('disk on fire');
    };
    await assert.rejects(replaceFolder(temp('sae'), failing), (err: unknown) => err instanceof FormatError && err.code === 'io' && err.file === temp('sae'));
    assert.equal(readFileSync(temp('sae', 'file.txt'), 'utf8'), 'old');
    assert.deepEqual(readdirSync(temp()), ['sae']);
  });

  it('refuses to replace a file with a folder', async () => {
    mkdirSync(temp('parent'));
    writeFileSync(temp('parent', 'sae'), 'a file');
    await assert.rejects(replaceFolder(temp('parent', 'sae'), fillWith('new')), /exists and is not a folder/);
    assert.deepEqual(readdirSync(temp('parent')), ['sae']);
  });
});
