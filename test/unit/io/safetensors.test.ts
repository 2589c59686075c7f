import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { openSafetensors, readSafetensors, writeSafetensors, type FormatErrorCode, type Tensor } from '../../../src/engine/io';
import { assertFormatError, rawSafetensors, sampleTensors, useTempDir } from './helpers';

describe('io/safetensors', () => {
  const temp = useTempDir();

  it('round-trips every dtype with metadata', async () => {
    const path = temp('all.safetensors');
    const tensors = sampleTensors();
    const metadata = { format: 'pt', note: 'ünïcode ✓' };
    await writeSafetensors(path, tensors, metadata);
    const back = await readSafetensors(path);
    assert.deepEqual(back.metadata, metadata);
    assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(tensors).sort());
    for (const [name, tensor] of Object.entries(tensors)) assert.deepEqual(back.tensors[name], tensor, name);
  });

  it('writes the header padded to 8 bytes, tensors sorted by name, and the same bytes every time', async () => {
    const tensors: Record<string, Tensor> = {
      zeta: { dtype: 'U8', shape: [3], data: new Uint8Array([1, 2, 3]) },
      alpha: { dtype: 'I16', shape: [1], data: new Int16Array([-1]) },
    };
    await writeSafetensors(temp('a.safetensors'), tensors);
    await writeSafetensors(temp('b.safetensors'), { alpha: tensors.alpha, zeta: tensors.zeta });
    const file = await openSafetensors(temp('a.safetensors'));
    try {
      assert.equal(file.dataStart % 8, 0);
      assert.deepEqual(
        file.tensors.map((t) => [t.name, t.begin, t.end]),
        [['alpha', 0, 2], ['zeta', 2, 5]],
      );
      assert.deepEqual(file.metadata, {});
    } finally {
      await file.close();
    }
    assert.deepEqual(readFileSync(temp('a.safetensors')), readFileSync(temp('b.safetensors')));
  });

  it('widens F16 and BF16 to Float32Array on request', async () => {
    const path = temp('half.safetensors');
    await writeSafetensors(path, {
      h: { dtype: 'F16', shape: [3], data: new Float32Array([1, -2.5, 2 ** -24]) },
      b: { dtype: 'BF16', shape: [2], data: new Float32Array([1, -2.5]) },
    });
    const file = await openSafetensors(path);
    try {
      assert.deepEqual(await file.read('h'), { dtype: 'F16', shape: [3], data: new Uint16Array([0x3c00, 0xc100, 0x0001]) });
      assert.deepEqual((await file.read('h', { widen: true })).data, new Float32Array([1, -2.5, 2 ** -24]));
      assert.deepEqual((await file.read('b', { widen: true })).data, new Float32Array([1, -2.5]));
    } finally {
      await file.close();
    }
  });

  it('reads row ranges equal to slices of the full tensor', async () => {
    const path = temp('rows.safetensors');
    const data = Float32Array.from({ length: 5 * 2 * 3 }, (_, i) => i / 7);
    await writeSafetensors(path, {
      x: { dtype: 'F32', shape: [5, 2, 3], data },
      y: { dtype: 'BF16', shape: [4], data: new Uint16Array([1, 2, 3, 4]) },
    });
    const file = await openSafetensors(path);
    try {
      for (const [start, end] of [[0, 5], [1, 3], [4, 5], [2, 2]]) {
        const rows = await file.readRows('x', start, end);
        assert.deepEqual(rows.shape, [end - start, 2, 3]);
        assert.deepEqual(rows.data, data.slice(start * 6, end * 6));
      }
      assert.deepEqual((await file.readRows('y', 1, 3)).data, new Uint16Array([2, 3]));
      await assert.rejects(file.readRows('x', 3, 6), RangeError);
      await assert.rejects(file.readRows('x', -1, 2), RangeError);
    } finally {
      await file.close();
    }
  });

  it('names a missing tensor', async () => {
    const path = temp('one.safetensors');
    await writeSafetensors(path, { a: { dtype: 'U8', shape: [1], data: new Uint8Array([1]) } });
    const file = await openSafetensors(path);
    try {
      await assertFormatError(file.read('b'), 'not-found', path);
    } finally {
      await file.close();
    }
  });

  describe('refuses bad files', () => {
    const f32 = (n: number) => new Uint8Array(n * 4);
    const cases: [string, Uint8Array, FormatErrorCode][] = [
      ['a file shorter than 8 bytes', new Uint8Array([1, 2, 3]), 'truncated'],
      ['a header length past the end of the file', rawSafetensors('{}').subarray(0, 9), 'truncated'],
      ['a header over 100 MB', Uint8Array.from([0x01, 0xe1, 0xf5, 0x05, 0, 0, 0, 0, 0x7b]), 'header-too-large'],
      ['invalid JSON', rawSafetensors('{"a": '), 'bad-json'],
      ['a header that is invalid UTF-8', rawSafetensors(Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), 'bad-json'],
      ['a header that is not an object', rawSafetensors([1, 2]), 'bad-header'],
      ['a tensor entry that is not an object', rawSafetensors({ a: 3 }), 'bad-header'],
      ['metadata that is not strings', rawSafetensors({ __metadata__: { n: 1 } }), 'bad-header'],
      ['an unknown dtype', rawSafetensors({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), 'unknown-dtype'],
      ['data_offsets that are not a pair', rawSafetensors({ a: { dtype: 'U8', shape: [1], data_offsets: [0] } }, new Uint8Array(1)), 'bad-offsets'],
      ['data_offsets that are not integers', rawSafetensors({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 0.5] } }, new Uint8Array(1)), 'bad-offsets'],
      ['data_offsets that run backwards', rawSafetensors({ a: { dtype: 'U8', shape: [0], data_offsets: [1, 0] } }, new Uint8Array(1)), 'bad-offsets'],
      ['data_offsets past the end of the file', rawSafetensors({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32(1)), 'bad-offsets'],
      [
        'overlapping tensors',
        rawSafetensors(
          { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } },
          f32(3),
        ),
        'bad-offsets',
      ],
      ['a shape that does not match the byte range', rawSafetensors({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32(2)), 'shape-mismatch'],
      ['a negative shape entry', rawSafetensors({ a: { dtype: 'U8', shape: [-1], data_offsets: [0, 0] } }), 'bad-shape'],
      ['a non-integer shape entry', rawSafetensors({ a: { dtype: 'U8', shape: [1.5], data_offsets: [0, 0] } }), 'bad-shape'],
    ];
    for (const [what, bytes, code] of cases) {
      it(what, async () => {
        const path = temp('bad.safetensors');
        writeFileSync(path, bytes);
        await assertFormatError(openSafetensors(path), code, path);
      });
    }

    it('a file that does not exist', async () => {
      const path = temp('missing.safetensors');
      await assertFormatError(openSafetensors(path), 'not-found', path);
    });
  });

  describe('refuses bad tensors on write, leaving no file', () => {
    const cases: [string, Record<string, Tensor>, FormatErrorCode][] = [
      ['data of the wrong length', { a: { dtype: 'F32', shape: [2, 2], data: new Float32Array(3) } }, 'shape-mismatch'],
      ['data of the wrong type', { a: { dtype: 'I32', shape: [2], data: new Float32Array(2) } }, 'dtype-mismatch'],
      ['an unknown dtype', { a: { dtype: 'F8' as never, shape: [1], data: new Uint8Array(1) } }, 'unknown-dtype'],
      ['a bad shape', { a: { dtype: 'U8', shape: [-1], data: new Uint8Array(0) } }, 'bad-shape'],
      ['the reserved name __metadata__', { __metadata__: { dtype: 'U8', shape: [1], data: new Uint8Array(1) } }, 'bad-header'],
    ];
    for (const [what, tensors, code] of cases) {
      it(what, async () => {
        const path = temp('out.safetensors');
        await assertFormatError(writeSafetensors(path, tensors), code, path);
        assert.deepEqual(readdirSync(temp('.')), []);
      });
    }
  });
});
