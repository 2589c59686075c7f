import assert from 'node:assert/strict';
import { bf16BitsToNumber, f16BitsToNumber } from '../../../src/engine/io';
import { toFloat32 } from '../../../src/engine/data/toFloat32';

describe('data/toFloat32', () => {
  const everyPattern = Uint16Array.from({ length: 1 << 16 }, (_, h) => h);

  // Compared as numbers: NaN payloads may differ between decoders, and every NaN is refused anyway.
  it('decodes every float16 and bfloat16 bit pattern as io does', () => {
    assert.deepEqual(Array.from(toFloat32('F16', everyPattern)), Array.from(everyPattern, (h) => Math.fround(f16BitsToNumber(h))));
    assert.deepEqual(Array.from(toFloat32('BF16', everyPattern)), Array.from(everyPattern, bf16BitsToNumber));
  });

  it('rounds float64 to float32 and passes float32 through', () => {
    assert.deepEqual(toFloat32('F64', new Float64Array([0.1, -2, 1e300])), new Float32Array([0.1, -2, Infinity]));
    const f32 = new Float32Array([1, 2]);
    assert.equal(toFloat32('F32', f32), f32);
  });
});
