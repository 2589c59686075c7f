import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeNpy, encodeNpy, openNpy, readNpy, writeNpy, type FormatErrorCode, type Tensor } from '../../../src/engine/io';
import { assertFormatError, rawNpy, sampleTensors, useTempDir } from './helpers';

const header = (descr: string, shape: string, fortran = 'False') => `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

describe('io/npy', () => {
  const temp = useTempDir();

  it('round-trips every dtype .npy can hold', async () => {
    for (const [name, tensor] of Object.entries(sampleTensors())) {
      if (tensor.dtype === 'BF16') continue;
      const path = temp(`${name}.npy`);
      await writeNpy(path, tensor);
      assert.deepEqual(await readNpy(path), tensor, name);
      assert.equal(readFileSync(path).indexOf(0x0a) % 64, 63, 'data starts 64-byte aligned');
    }
  });

  it('writes F16 from Float32Array and widens it back', async () => {
    const path = temp('h.npy');
    await writeNpy(path, { dtype: 'F16', shape: [2], data: new Float32Array([1, -2.5]) });
    assert.deepEqual((await readNpy(path)).data, new Uint16Array([0x3c00, 0xc100]));
    assert.deepEqual((await readNpy(path, { widen: true })).data, new Float32Array([1, -2.5]));
  });

  it('reads big-endian data', () => {
    const data = Uint8Array.from([0x3f, 0x80, 0, 0, 0xc0, 0x20, 0, 0]); // 1.0, -2.5 as big-endian float32
    assert.deepEqual(decodeNpy('be.npy', rawNpy(header('>f4', '(2,)'), data)), { dtype: 'F32', shape: [2], data: new Float32Array([1, -2.5]) });
    const i16 = decodeNpy('be.npy', rawNpy(header('>i2', '(2,)'), Uint8Array.from([0xff, 0xfe, 0x01, 0x02])));
    assert.deepEqual(i16.data, new Int16Array([-2, 258]));
  });

  it('reads Fortran order into C order', () => {
    // The 2x3 matrix [[0, 1, 2], [3, 4, 5]] stored column by column.
    const columns = new Int32Array([0, 3, 1, 4, 2, 5]);
    const bytes = rawNpy(header('<i4', '(2, 3)', 'True'), new Uint8Array(columns.buffer));
    assert.deepEqual(decodeNpy('f.npy', bytes), { dtype: 'I32', shape: [2, 3], data: new Int32Array([0, 1, 2, 3, 4, 5]) });
  });

  it('reads Fortran-order 3-d arrays into C order', () => {
    const shape = [2, 3, 4];
    const fortran = new Float64Array(24);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
    const decoded = decodeNpy('f.npy', rawNpy(header('<f8', '(2, 3, 4)', 'True'), new Uint8Array(fortran.buffer)));
    const expected = Float64Array.from({ length: 24 }, (_, n) => 100 * Math.floor(n / 12) + 10 * (Math.floor(n / 4) % 3) + (n % 4));
    assert.deepEqual(decoded, { dtype: 'F64', shape, data: expected });
  });

  it('reads version 2.0 and 3.0 headers', () => {
    const data = new Uint8Array(new Float32Array([1.5]).buffer);
    for (const major of [2, 3]) {
      assert.deepEqual(decodeNpy('v.npy', rawNpy(header('<f4', '(1,)'), data, major)).data, new Float32Array([1.5]));
    }
  });

  it('reads row ranges equal to slices of the full array, without the rest', async () => {
    const path = temp('rows.npy');
    const data = BigInt64Array.from({ length: 6 * 4 }, (_, i) => BigInt(i) * 3n - 20n);
    await writeNpy(path, { dtype: 'I64', shape: [6, 4], data });
    const npy = await openNpy(path);
    try {
      assert.deepEqual([npy.dtype, npy.shape, npy.fortranOrder], ['I64', [6, 4], false]);
      for (const [start, end] of [[0, 6], [2, 5], [5, 6], [3, 3]]) {
        assert.deepEqual(await npy.readRows(start, end), { dtype: 'I64', shape: [end - start, 4], data: data.slice(start * 4, end * 4) });
      }
      await assert.rejects(npy.readRows(4, 7), RangeError);
    } finally {
      await npy.close();
    }
  });

  it('reads row ranges of big-endian arrays', async () => {
    const path = temp('be.npy');
    writeFileSync(path, rawNpy(header('>u2', '(3,)'), Uint8Array.from([0, 1, 1, 2, 0xff, 0xfe])));
    const npy = await openNpy(path);
    try {
      assert.deepEqual((await npy.readRows(1, 3)).data, new Uint16Array([258, 65534]));
    } finally {
      await npy.close();
    }
  });

  it('refuses row ranges of Fortran-order arrays', async () => {
    const path = temp('f.npy');
    writeFileSync(path, rawNpy(header('<i4', '(2, 2)', 'True'), new Uint8Array(16)));
    const npy = await openNpy(path);
    try {
      await assertFormatError(npy.readRows(0, 1), 'unsupported', path);
    } finally {
      await npy.close();
    }
  });

  it('refuses to write BF16, which .npy cannot name', async () => {
    const path = temp('b.npy');
    await assertFormatError(writeNpy(path, { dtype: 'BF16', shape: [1], data: new Uint16Array(1) }), 'unsupported', path);
    assert.throws(() => encodeNpy('b.npy', { dtype: 'BF16', shape: [1], data: new Uint16Array(1) }));
  });

  describe('refuses bad files', () => {
    const f4 = new Uint8Array(8);
    const cases: [string, Uint8Array, FormatErrorCode][] = [
      ['a file that is not .npy', new TextEncoder().encode('PK\x03\x04 not numpy at all'), 'bad-magic'],
      ['an empty file', new Uint8Array(0), 'bad-magic'],
      ['a file that ends inside the preamble', rawNpy(header('<f4', '(2,)')).subarray(0, 9), 'truncated'],
      ['a header length past the end of the file', rawNpy(header('<f4', '(2,)')).subarray(0, 40), 'truncated'],
      ['truncated data', rawNpy(header('<f4', '(3,)'), f4), 'truncated'],
      ['an unknown format version', rawNpy(header('<f4', '(2,)'), f4, 4), 'unsupported'],
      ['a header over the size limit', Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0, 0, 0, 0x40]), 'header-too-large'],
      ['a header that is not a Python literal', rawNpy("{'descr': '<f4', 'shape': (2,), 'fortran_order': __import__('os')}", f4), 'bad-header'],
      ['a header that is not a dict', rawNpy("('<f4', (2,))", f4), 'bad-header'],
      ['a header missing keys', rawNpy("{'descr': '<f4', 'shape': (2,)}", f4), 'bad-header'],
      ['a negative dimension', rawNpy(header('<f4', '(-2,)'), f4), 'bad-shape'],
      ['a shape that is not a tuple', rawNpy(header('<f4', "'2'"), f4), 'bad-shape'],
      ['an object array', rawNpy(header('|O', '(2,)'), f4), 'unsupported'],
      ['a structured dtype', rawNpy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", f4), 'unsupported'],
      ['a complex dtype', rawNpy(header('<c8', '(1,)'), f4), 'unknown-dtype'],
      ['a string dtype', rawNpy(header('<U3', '(1,)'), f4), 'unknown-dtype'],
    ];
    for (const [what, bytes, code] of cases) {
      it(what, async () => {
        const path = temp('bad.npy');
        writeFileSync(path, bytes);
        await assertFormatError(readNpy(path), code, path);
        await assertFormatError(() => decodeNpy(path, bytes), code, path);
      });
    }

    it('says why object arrays are refused', async () => {
      const path = temp('obj.npy');
      writeFileSync(path, rawNpy(header('|O', '(2,)'), f4));
      await assert.rejects(readNpy(path), /pickled data is never loaded/);
    });

    it('a file that does not exist', async () => {
      const path = temp('missing.npy');
      await assertFormatError(openNpy(path), 'not-found', path);
    });
  });

  it('encodes the header numpy writes', () => {
    const tensor: Tensor = { dtype: 'U8', shape: [5], data: new Uint8Array(5) };
    const bytes = encodeNpy('x.npy', tensor);
    const dataStart = bytes.length - 5;
    assert.equal(dataStart % 64, 0);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    assert.equal(new DataView(bytes.buffer).getUint16(8, true), dataStart - 10);
    const text = new TextDecoder().decode(bytes.subarray(10, dataStart));
    assert.equal(text, "{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }".padEnd(dataStart - 11) + '\n');
  });
});
