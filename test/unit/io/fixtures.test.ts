import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  f32ToF16,
  isDType,
  openNpy,
  openNpz,
  openSafetensorsIndex,
  readNpy,
  readNpz,
  readSafetensors,
  sniffFormat,
  type Tensor,
  type TypedArray,
} from '../../../src/engine/io';
import { assertFormatError, FIXTURES } from './helpers';

/** What make_fixtures.py documents for each array: see the docstring there for the encoding of values. */
interface Expected {
  dtype: string;
  shape: number[];
  values: (number | string | boolean)[];
  bits?: number[];
}

const expected: Record<string, Record<string, Expected>> = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));
const fixture = (name: string) => join(FIXTURES, name);

function expectedValues({ dtype, values }: Expected): unknown[] {
  return values.map((v) => {
    if (dtype === 'I64' || dtype === 'U64') return BigInt(v as string);
    if (typeof v === 'boolean') return v ? 1 : 0;
    return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
  });
}

/** Compares a tensor read raw (bits for F16/BF16) and one read widened with what the script wrote. */
function assertMatches(raw: Tensor, widened: Tensor, want: Expected, label: string): void {
  assert.ok(isDType(want.dtype));
  assert.equal(raw.dtype, want.dtype, label);
  assert.deepEqual(raw.shape, want.shape, label);
  const values = (data: TypedArray): unknown[] => Array.from(data as ArrayLike<unknown>);
  if (want.bits) assert.deepEqual(values(raw.data), want.bits, `${label} bits`);
  assert.deepEqual(values(widened.data), expectedValues(want), `${label} values`);
}

describe('io fixtures written by numpy and make_fixtures.py', () => {
  for (const [file, arrays] of Object.entries(expected).filter(([f]) => f.endsWith('.npy'))) {
    it(`reads ${file}`, async () => {
      assertMatches(await readNpy(fixture(file)), await readNpy(fixture(file), { widen: true }), arrays.array, file);
    });
  }

  for (const file of ['stored.npz', 'deflated.npz', 'zip64.npz']) {
    it(`reads ${file}`, async () => {
      const raw = await readNpz(fixture(file));
      const widened = await readNpz(fixture(file), { widen: true });
      assert.deepEqual(Object.keys(raw), Object.keys(expected[file]));
      for (const [name, want] of Object.entries(expected[file])) assertMatches(raw[name], widened[name], want, `${file}:${name}`);
      const npz = await openNpz(fixture(file));
      try {
        assert.deepEqual(await npz.describe('weights'), { name: 'weights', dtype: 'F32', shape: [3, 4], fortranOrder: false });
      } finally {
        await npz.close();
      }
    });
  }

  it('reads the hand-rolled safetensors file and its metadata', async () => {
    const file = 'handrolled.safetensors';
    const raw = await readSafetensors(fixture(file));
    const widened = await readSafetensors(fixture(file), { widen: true });
    assert.deepEqual(raw.metadata, { format: 'pt', source: 'make_fixtures.py' });
    assert.deepEqual(Object.keys(raw.tensors).sort(), Object.keys(expected[file]).sort());
    for (const [name, want] of Object.entries(expected[file])) assertMatches(raw.tensors[name], widened.tensors[name], want, name);
  });

  it('reads the sharded model through its index', async () => {
    const file = 'sharded/model.safetensors.index.json';
    const model = await openSafetensorsIndex(fixture(file));
    try {
      assert.deepEqual(model.metadata, { total_size: 1234 });
      assert.deepEqual(model.tensors.map((t) => t.name), Object.keys(expected[file]));
      for (const [name, want] of Object.entries(expected[file])) {
        assertMatches(await model.read(name), await model.read(name, { widen: true }), want, name);
      }
    } finally {
      await model.close();
    }
  });

  it('reads row ranges of numpy files equal to slices of the full arrays', async () => {
    for (const file of ['le_f4.npy', 'be_i4.npy', 'be_f8.npy']) {
      const full = await readNpy(fixture(file));
      const npy = await openNpy(fixture(file));
      try {
        const rowLength = full.data.length / full.shape[0];
        const rows = await npy.readRows(1, full.shape[0]);
        assert.deepEqual(rows, { dtype: full.dtype, shape: [full.shape[0] - 1, ...full.shape.slice(1)], data: full.data.slice(rowLength) });
      } finally {
        await npy.close();
      }
    }
  });

  it("rounds float32 to float16 exactly as numpy does, ties included", async () => {
    const { f32, f16 } = await readNpz(fixture('f16_rounding.npz'));
    assert.equal(f32.data.length, 511);
    assert.deepEqual(f32ToF16(f32.data as Float32Array), f16.data);
  });

  it('refuses the pickled object array', async () => {
    await assertFormatError(readNpy(fixture('object.npy')), 'unsupported', fixture('object.npy'));
  });

  it('sniffs every fixture by content', async () => {
    const formats: Record<string, string> = {
      'le_f4.npy': 'npy',
      'fortran_f8.npy': 'npy',
      'object.npy': 'npy',
      'stored.npz': 'npz',
      'deflated.npz': 'npz',
      'zip64.npz': 'npz',
      'f16_rounding.npz': 'npz',
      'handrolled.safetensors': 'safetensors',
      'sharded/model.safetensors.index.json': 'safetensors-index',
      'sharded/model-00002-of-00002.safetensors': 'safetensors',
      'plain.pkl': 'pickle',
      'torch_like.pt': 'pickle',
      'expected.json': 'unknown',
    };
    for (const [file, format] of Object.entries(formats)) assert.equal(await sniffFormat(fixture(file)), format, file);
  });
});
