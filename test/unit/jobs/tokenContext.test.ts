import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivationRecorder, activationAt, latentActivations } from '../../../src/engine/jobs/activationRecord';
import { createJobHandlers } from '../../../src/engine/jobs/handlers';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { checkTokenCount, contextRows, loadTokenText } from '../../../src/engine/jobs/tokenText';
import { encodeNpy } from '../../../src/engine/io/npy';
import { FormatError } from '../../../src/engine/io/errors';
import { parseJobResult } from '../../../src/shared/protocol';

const context = (): JobContext => ({ signal: new AbortController().signal, progress: () => undefined });

describe('jobs: top examples in their token context', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'saescope-tokens-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  const npy = async (name: string, dtype: 'I64' | 'I32' | 'F32', shape: number[], values: number[]) => {
    const file = join(tmp, name);
    const data = dtype === 'I64' ? BigInt64Array.from(values.map(BigInt)) : dtype === 'I32' ? Int32Array.from(values) : Float32Array.from(values);
    await writeFile(file, encodeNpy(file, { dtype, shape, data }));
    return file;
  };

  it('reads ids as [sequences, positions] or one stream, with token text from a vocabulary', async () => {
    const vocabulary = join(tmp, 'vocab.json');
    await writeFile(vocabulary, JSON.stringify(['the', 'cat', 'sat']));
    const tokens = await loadTokenText(await npy('ids.npy', 'I64', [2, 3], [0, 1, 2, 2, 1, 7]), vocabulary);
    assert.deepEqual(Array.from(tokens.ids), [0, 1, 2, 2, 1, 7]);
    assert.equal(tokens.sequenceLength, 3);
    assert.deepEqual(tokens.vocabulary, ['the', 'cat', 'sat']);
    const stream = await loadTokenText(await npy('stream.npy', 'I32', [4], [3, 1, 4, 1]));
    assert.equal(stream.sequenceLength, 4);
    assert.equal(stream.vocabulary, null);
  });

  it('keeps a context inside its sequence and inside the attached rows', async () => {
    const tokens = await loadTokenText(await npy('ids2.npy', 'I32', [3, 5], Array.from({ length: 15 }, (_, i) => i)));
    assert.deepEqual(contextRows(tokens, 7, 15, 10, 4), { from: 5, to: 10 });
    assert.deepEqual(contextRows(tokens, 7, 15, 1, 1), { from: 6, to: 9 });
    assert.deepEqual(contextRows(tokens, 11, 13, 10, 4), { from: 10, to: 13 });
  });

  it('refuses what cannot label the rows, naming the file', async () => {
    const floats = await npy('floats.npy', 'F32', [3], [0, 1, 2]);
    await assert.rejects(loadTokenText(floats), (e: unknown) => e instanceof FormatError && e.file === floats && /integers, not F32/.test(e.message));
    const negative = await npy('negative.npy', 'I32', [2], [0, -1]);
    await assert.rejects(loadTokenText(negative), /token id -1 at index 1/);
    const cube = await npy('cube.npy', 'I32', [1, 1, 2], [0, 1]);
    await assert.rejects(loadTokenText(cube), /\[sequences, positions\] or \[rows\]/);
    const short = await loadTokenText(await npy('short.npy', 'I32', [2], [0, 1]));
    assert.throws(() => checkTokenCount(short, 3), /has 2 token ids but 3 activation rows/);
  });

  it('finds a latent\'s activation on any row by binary search, 0 where it did not fire', () => {
    const recorder = new ActivationRecorder(2, 100);
    const acts = new Float32Array(2 * 50);
    for (let r = 0; r < 50; r += 3) acts[r * 2 + 1] = r + 0.5;
    recorder.add(acts, 50);
    const record = recorder.finish();
    for (let r = 0; r < 50; r++) {
      assert.equal(activationAt(record, 1, r), r % 3 === 0 ? r + 0.5 : 0);
      assert.equal(activationAt(record, 0, r), 0);
    }
  });

  it('gives each top example its tokens and the latent\'s value on each', async () => {
    const recorder = new ActivationRecorder(1, 100);
    // one latent over two sequences of 4: fires on rows 1, 2 and 6
    recorder.add(Float32Array.from([0, 0.5, 2, 0, 0, 0, 3, 0]), 8);
    const vocabulary = join(tmp, 'vocab2.json');
    await writeFile(vocabulary, JSON.stringify({ a: 0, b: 1, c: 2, d: 3 }));
    const tokens = await loadTokenText(await npy('ids3.npy', 'I32', [2, 4], [0, 1, 2, 3, 3, 2, 1, 0]), vocabulary);
    const { examples } = latentActivations(recorder.finish(), 0, 4, 2, tokens);
    assert.deepEqual(examples, [
      { row: 6, value: 3, context: { tokens: ['d', 'c', 'b', 'a'], values: [0, 0, 3, 0], focus: 2 } },
      { row: 2, value: 2, context: { tokens: ['a', 'b', 'c', 'd'], values: [0, 0.5, 2, 0], focus: 2 } },
    ]);
  });

  it('attaches a token file with the data in the worker, and the latent page shows contexts', async () => {
    const handlers = createJobHandlers({ threads: 1, executionProvider: 'cpu' });
    const overview = await handlers.inspectSae({ kind: 'inspectSae', id: 1, path: 'test/fixtures/sae/saelens/standard/sae_weights.safetensors' }, context());
    const rows = 40;
    const file = join(tmp, 'acts.npy');
    await writeFile(file, encodeNpy(file, { dtype: 'F32', shape: [rows, 6], data: Float32Array.from({ length: rows * 6 }, (_, i) => Math.sin(i * 0.37) * 2) }));
    const ids = await npy('ids4.npy', 'I32', [4, 10], Array.from({ length: rows }, (_, i) => i % 7));
    const attached = parseJobResult('attachData', await handlers.attachData({ kind: 'attachData', id: 2, handle: overview.handle, source: file, rows, tokens: ids }, context()));
    assert.equal(attached.tokens, ids);
    let shown = 0;
    for (let latent = 0; latent < overview.dSae; latent++) {
      const page = parseJobResult('latentPage', await handlers.latentPage({ kind: 'latentPage', id: 3, handle: overview.handle, latent }, context()));
      for (const e of page.activations?.examples ?? []) {
        assert.ok(e.context);
        assert.equal(e.context.values[e.context.focus], e.value);
        assert.equal(e.context.tokens[e.context.focus], `⟨${e.row % 7}⟩`);
        shown++;
      }
    }
    assert.ok(shown > 0, 'some latent fired');
    const tooShort = await npy('ids5.npy', 'I32', [10], Array.from({ length: 10 }, () => 0));
    await assert.rejects(handlers.attachData({ kind: 'attachData', id: 4, handle: overview.handle, source: file, rows, tokens: tooShort }, context()), /ids5\.npy: has 10 token ids but 40/);
  });
});
