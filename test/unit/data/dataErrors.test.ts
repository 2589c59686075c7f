import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { openFileSource, type FileSourceOptions } from '../../../src/engine/data';
import { writeNpy, writeSafetensors, type Tensor } from '../../../src/engine/io';
import { rawNpy } from '../io/helpers';
import { drain, rejectsWithDataError, taggedRows, useTempDir } from './helpers';

const n = 300;
const dIn = 4;
const small: FileSourceOptions = { chunkBytes: 37 * dIn * 4, bufferRows: 20 };

describe('data/errors', () => {
  const temp = useTempDir();

  async function npy(name: string, tensor: Tensor): Promise<string> {
    const path = temp(name);
    await writeNpy(path, tensor);
    return path;
  }

  async function streamAll(path: string, options: FileSourceOptions): Promise<void> {
    const source = await openFileSource(path, options);
    try {
      await drain(source, 16, Math.ceil(n / 16) + 1);
    } finally {
      await source.close();
    }
  }

  for (const shuffle of [false, true]) {
    it(`reports NaN and infinities with their file, row and column (${shuffle ? 'shuffled' : 'in order'})`, async () => {
      for (const [bad, text] of [
        [NaN, 'NaN'],
        [Infinity, 'Infinity'],
        [-Infinity, '-Infinity'],
      ] as const) {
        const values = taggedRows(n, dIn);
        values[234 * dIn + 3] = bad;
        const path = await npy('acts.npy', { dtype: 'F32', shape: [n, dIn], data: values });
        const err = await rejectsWithDataError(streamAll(path, { ...small, shuffle }), 'not-finite', path);
        assert.equal(err.message, `${path}: row 234 column 3 is ${text}`);
        assert.deepEqual([err.row, err.column], [234, 3]);
      }
    });
  }

  it('names the tensor of a safetensors file, and catches NaN in float16 data', async () => {
    const values = taggedRows(n, dIn);
    values[77 * dIn] = NaN;
    const path = temp('acts.safetensors');
    await writeSafetensors(path, { resid: { dtype: 'F16', shape: [n, dIn], data: values } });
    const err = await rejectsWithDataError(streamAll(path, small), 'not-finite', path);
    assert.equal(err.message, `${path}: tensor "resid" row 77 column 0 is NaN`);
  });

  it('refuses arrays that are not 2-D, naming the shape', async () => {
    const flat = await npy('flat.npy', { dtype: 'F32', shape: [12], data: new Float32Array(12) });
    const flatErr = await rejectsWithDataError(openFileSource(flat), 'bad-shape', flat);
    assert.match(flatErr.message, /must be 2-D \[rows, d_in\] but is 1-D, shape \[12\]/);
    const cube = await npy('cube.npy', { dtype: 'F32', shape: [2, 3, 4], data: new Float32Array(24) });
    const cubeErr = await rejectsWithDataError(openFileSource(cube), 'bad-shape', cube);
    assert.match(cubeErr.message, /is 3-D, shape \[2, 3, 4\]; reshape it to \[rows, d_in\]/);
    const empty = await npy('empty.npy', { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) });
    await rejectsWithDataError(openFileSource(empty), 'bad-shape', empty);
  });

  it('refuses a d_in other than the one expected', async () => {
    const path = await npy('acts.npy', { dtype: 'F32', shape: [n, dIn], data: taggedRows(n, dIn) });
    const err = await rejectsWithDataError(openFileSource(path, { expectDIn: 768 }), 'd-in-mismatch', path);
    assert.equal(err.message, `${path}: rows have d_in 4 but 768 is expected`);
    const source = await openFileSource(path, { expectDIn: dIn });
    await source.close();
  });

  it('refuses integer arrays and Fortran-order arrays', async () => {
    const ints = await npy('ints.npy', { dtype: 'I32', shape: [2, 2], data: new Int32Array(4) });
    await rejectsWithDataError(openFileSource(ints), 'bad-dtype', ints);
    const fortran = temp('fortran.npy');
    writeFileSync(fortran, rawNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new Uint8Array(16)));
    await rejectsWithDataError(openFileSource(fortran), 'bad-layout', fortran);
  });

  it('says which tensors a safetensors file has when none or several could be meant', async () => {
    const path = temp('two.safetensors');
    await writeSafetensors(path, {
      a: { dtype: 'F32', shape: [2, 2], data: new Float32Array(4) },
      b: { dtype: 'F32', shape: [3, 2], data: new Float32Array(6) },
    });
    const several = await rejectsWithDataError(openFileSource(path), 'no-tensor', path);
    assert.match(several.message, /has 2 2-D tensors; name one as .*two\.safetensors#<tensor> \(it has a \[2, 2\], b \[3, 2\]\)/);
    const missing = await rejectsWithDataError(openFileSource(path, { tensor: 'c' }), 'no-tensor', path);
    assert.match(missing.message, /no tensor named "c"; it has a \[2, 2\], b \[3, 2\]/);
  });
});
