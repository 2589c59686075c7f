import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { openNpz, readNpz, writeNpz, type Tensor } from '../../../src/engine/io';
import { openZip } from '../../../src/engine/io/zipArchive';
import { assertFormatError, sampleTensors, useTempDir } from './helpers';

describe('io/npz', () => {
  const temp = useTempDir();
  const arrays = (): Record<string, Tensor> => {
    const { bf16: _, ...rest } = sampleTensors();
    return { ...rest, big: { dtype: 'F32', shape: [1000], data: new Float32Array(1000).fill(0.5) } };
  };

  for (const compress of [false, true]) {
    it(`round-trips every dtype ${compress ? 'deflated' : 'stored'}`, async () => {
      const path = temp('a.npz');
      await writeNpz(path, arrays(), { compress });
      assert.deepEqual(await readNpz(path), arrays());
      const zip = await openZip(path);
      try {
        assert.deepEqual(new Set(zip.entries.map((e) => e.method)), new Set([compress ? 8 : 0]));
        assert.deepEqual(zip.entries.map((e) => e.name), Object.keys(arrays()).map((n) => `${n}.npy`));
      } finally {
        await zip.close();
      }
    });
  }

  it('lists, describes and reads single arrays', async () => {
    const path = temp('a.npz');
    await writeNpz(path, arrays(), { compress: true });
    const npz = await openNpz(path);
    try {
      assert.deepEqual(npz.names, Object.keys(arrays()));
      assert.deepEqual(await npz.describe('i64'), { name: 'i64', dtype: 'I64', shape: [3], fortranOrder: false });
      assert.deepEqual(await npz.read('f16', { widen: true }), { dtype: 'F16', shape: [2, 2], data: new Float32Array([1, -2.5, 65504, NaN]) });
      await assertFormatError(npz.read('nope'), 'not-found', path);
    } finally {
      await npz.close();
    }
  });

  it('reads one entry without inflating the others', async () => {
    const path = temp('a.npz');
    await writeNpz(path, { a: arrays().f32, b: arrays().big }, { compress: true });
    const bytes = readFileSync(path);
    const zip = await openZip(path);
    const b = zip.entries[1];
    await zip.close();
    // Wreck b's compressed data: a stays readable, b reports corruption.
    const dataStart = b.localHeaderOffset + 30 + bytes.readUInt16LE(b.localHeaderOffset + 26) + bytes.readUInt16LE(b.localHeaderOffset + 28);
    bytes.fill(0xff, dataStart, dataStart + b.compressedSize);
    writeFileSync(path, bytes);
    const npz = await openNpz(path);
    try {
      assert.deepEqual(await npz.read('a'), arrays().f32);
      await assertFormatError(npz.read('b'), 'bad-zip', path);
    } finally {
      await npz.close();
    }
  });

  it('reports a CRC mismatch in a stored entry', async () => {
    const path = temp('a.npz');
    await writeNpz(path, { a: { dtype: 'U8', shape: [4], data: new Uint8Array([1, 2, 3, 4]) } });
    const bytes = readFileSync(path);
    bytes[bytes.indexOf(Buffer.from([1, 2, 3, 4]))] = 9;
    writeFileSync(path, bytes);
    const npz = await openNpz(path);
    try {
      await assertFormatError(npz.read('a'), 'bad-zip', path);
    } finally {
      await npz.close();
    }
  });

  it('names the entry when one is not a .npy image', async () => {
    const path = temp('a.npz');
    writeFileSync(path, zipSync({ 'x.npy': new TextEncoder().encode('not numpy') }));
    const npz = await openNpz(path);
    try {
      await assertFormatError(npz.read('x'), 'bad-magic', `${path}:x.npy`);
    } finally {
      await npz.close();
    }
  });

  it('refuses compression methods other than stored and deflated', async () => {
    const path = temp('a.npz');
    const bytes = zipSync({ 'x.npy': new Uint8Array(4) }, { level: 0 });
    const view = new DataView(bytes.buffer);
    const central = Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); // the only central directory entry
    view.setUint16(central + 10, 14, true); // LZMA
    writeFileSync(path, bytes);
    const npz = await openNpz(path);
    try {
      await assertFormatError(npz.read('x'), 'unsupported', path);
    } finally {
      await npz.close();
    }
  });

  it('refuses files that are not zip archives, or are truncated', async () => {
    const path = temp('bad.npz');
    writeFileSync(path, 'definitely not a zip');
    await assertFormatError(openNpz(path), 'bad-zip', path);
    await writeNpz(path, arrays());
    writeFileSync(path, readFileSync(path).subarray(0, 300));
    await assertFormatError(openNpz(path), 'bad-zip', path);
  });

  it('refuses to write BF16, naming the entry', async () => {
    const path = temp('b.npz');
    await assertFormatError(writeNpz(path, { w: sampleTensors().bf16 }), 'unsupported', `${path}:w.npy`);
  });
});
