import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVocabulary, tokenizeLines } from '../../../src/engine/onnx';

describe('onnx: whitespace tokenisation with a JSON vocabulary', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'saescope-vocab-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const vocabFile = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('reads a list (id = index) and an object (token → id)', async () => {
    assert.deepEqual([...(await loadVocabulary(vocabFile('list.json', '["a", "b", "c"]')))], [['a', 0], ['b', 1], ['c', 2]]);
    assert.deepEqual([...(await loadVocabulary(vocabFile('map.json', '{"hello": 7, "world": 3}')))], [['hello', 7], ['world', 3]]);
  });

  it('refuses what is not a simple vocabulary, naming the file', async () => {
    await assert.rejects(loadVocabulary(vocabFile('bad.json', '{"a": 1.5}')), /bad\.json: token 'a' has id 1\.5/);
    await assert.rejects(loadVocabulary(vocabFile('empty.json', '[]')), /empty\.json: a vocabulary must be a non-empty JSON list/);
    await assert.rejects(loadVocabulary(vocabFile('text.json', 'not json')), /text\.json: not a JSON vocabulary/);
  });

  it('one sequence per non-empty line, split on any whitespace', () => {
    const vocab = new Map([['x', 0], ['y', 1], ['z', 5]]);
    const t = tokenizeLines('x y\tz\r\n\n  z z x  \n', vocab, 'in.txt');
    assert.deepEqual({ rows: t.rows, seq: t.seq, ids: [...t.ids] }, { rows: 2, seq: 3, ids: [0n, 1n, 5n, 5n, 5n, 0n] });
  });

  it('unknown tokens and ragged lines are errors naming the line', () => {
    const vocab = new Map([['x', 0], ['y', 1]]);
    assert.throws(() => tokenizeLines('x y\nx q\n', vocab, 'in.txt'), /in\.txt: line 2: token 'q' is not in the vocabulary/);
    assert.throws(() => tokenizeLines('x y\n\nx\n', vocab, 'in.txt'), /in\.txt: line 3 has 1 tokens but the first line has 2/);
    assert.throws(() => tokenizeLines('\n  \n', vocab, 'in.txt'), /in\.txt: the text has no tokens/);
  });
});
