import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import pkg from 'onnx-proto';
import { inspectFile, saveOnnxModel, sniffFormat, writeNpy, writeNpz, writeSafetensors, type FileFormat, type Tensor } from '../../../src/engine/io';
import { assertFormatError, FIXTURES, useTempDir } from './helpers';

const { onnx } = pkg;
const weight: Tensor = { dtype: 'F32', shape: [2, 3], data: new Float32Array(6) };

describe('io/sniff and inspect', () => {
  const temp = useTempDir();

  /** Writes one file of each format under a misleading name, so only content can identify it. */
  async function writeSamples(): Promise<Record<FileFormat, string>> {
    await writeSafetensors(temp('a.bin'), { w: weight }, { step: '10' });
    writeFileSync(temp('b.bin'), JSON.stringify({ metadata: {}, weight_map: { w: 'a.bin' } }));
    await writeNpy(temp('c.bin'), weight);
    await writeNpz(temp('d.bin'), { w: weight, ids: { dtype: 'I64', shape: [1], data: new BigInt64Array(1) } }, { compress: true });
    await saveOnnxModel(temp('e.bin'), {
      irVersion: 8,
      producerName: 'test',
      opsetImport: [{ version: 17 }],
      graph: {
        node: [{ opType: 'Relu', input: ['x'], output: ['y'] }],
        input: [{ name: 'x', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 4 }] } } } }],
        output: [{ name: 'y', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 4 }] } } } }],
      },
    });
    copyFileSync(join(FIXTURES, 'plain.pkl'), temp('f.bin'));
    writeFileSync(temp('g.bin'), 'just some text');
    return { safetensors: temp('a.bin'), 'safetensors-index': temp('b.bin'), npy: temp('c.bin'), npz: temp('d.bin'), onnx: temp('e.bin'), pickle: temp('f.bin'), unknown: temp('g.bin') };
  }

  it('identifies formats by content, not extension', async () => {
    for (const [format, path] of Object.entries(await writeSamples())) assert.equal(await sniffFormat(path), format, path);
  });

  it('identifies torch zips and numpy-written pickles as pickle', async () => {
    assert.equal(await sniffFormat(join(FIXTURES, 'torch_like.pt')), 'pickle');
    assert.equal(await sniffFormat(join(FIXTURES, 'plain.pkl')), 'pickle');
    writeFileSync(temp('model.pt'), zipSync({ 'model/data.pkl': new Uint8Array([0x80, 2]), 'model/data/0': new Uint8Array(4) }));
    assert.equal(await sniffFormat(temp('model.pt')), 'pickle');
  });

  it('does not mistake other zips or empty files for anything', async () => {
    writeFileSync(temp('docs.zip'), zipSync({ 'readme.txt': new Uint8Array(3) }));
    writeFileSync(temp('empty'), '');
    assert.equal(await sniffFormat(temp('docs.zip')), 'unknown');
    assert.equal(await sniffFormat(temp('empty')), 'unknown');
  });

  it('inspects each format into a JSON-serialisable summary', async () => {
    const paths = await writeSamples();
    const summaries = {
      safetensors: await inspectFile(paths.safetensors),
      index: await inspectFile(paths['safetensors-index']),
      npy: await inspectFile(paths.npy),
      npz: await inspectFile(paths.npz),
      onnx: await inspectFile(paths.onnx),
    };
    assert.deepEqual(JSON.parse(JSON.stringify(summaries)), summaries);
    const w = { name: 'w', dtype: 'F32', shape: [2, 3] };
    assert.deepEqual(summaries.safetensors, { format: 'safetensors', tensors: [w], metadata: { step: '10' } });
    assert.deepEqual(summaries.index, { format: 'safetensors-index', tensors: [{ ...w, shard: paths.safetensors }], metadata: {}, shards: [paths.safetensors] });
    assert.deepEqual(summaries.npy, { format: 'npy', tensors: [{ ...w, name: 'c.bin' }] });
    assert.deepEqual(summaries.npz, { format: 'npz', tensors: [w, { name: 'ids', dtype: 'I64', shape: [1] }] });
    assert.deepEqual(summaries.onnx, {
      format: 'onnx',
      irVersion: 8,
      opsets: [{ domain: 'ai.onnx', version: 17 }],
      producer: 'test',
      inputs: [{ name: 'x', dtype: 'FLOAT', shape: [4] }],
      outputs: [{ name: 'y', dtype: 'FLOAT', shape: [4] }],
      opCounts: { Relu: 1 },
      initializers: 0,
    });
  });

  it('refuses pickles, saying they are never unpickled and how to convert them', async () => {
    for (const name of ['plain.pkl', 'torch_like.pt']) {
      const path = join(FIXTURES, name);
      await assertFormatError(inspectFile(path), 'pickle', path);
      await assert.rejects(inspectFile(path), /never unpickled.*save_file\(torch\.load\(/);
    }
  });

  it('refuses unknown and missing files', async () => {
    writeFileSync(temp('x.txt'), 'hello');
    await assertFormatError(inspectFile(temp('x.txt')), 'unsupported', temp('x.txt'));
    await assertFormatError(inspectFile(temp('nope')), 'not-found', temp('nope'));
  });
});
