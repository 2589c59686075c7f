import assert from 'node:assert/strict';
import { bf16BitsToNumber, bf16ToF32, f16BitsToNumber, f16ToF32, f32ToBf16, f32ToF16, numberToBf16Bits, numberToF16Bits } from '../../../src/engine/io';

// [value, float16 bits], each worked out by hand from sign | exponent (bias 15) | 10-bit mantissa.
const F16_EXACT: [number, number][] = [
  [0, 0x0000],
  [-0, 0x8000],
  [1, 0x3c00],
  [-2.5, 0xc100], // -1.25 * 2^1: exponent 16, mantissa 0x100
  [65504, 0x7bff], // largest finite
  [2 ** -24, 0x0001], // smallest subnormal
  [1023 * 2 ** -24, 0x03ff], // largest subnormal
  [2 ** -14, 0x0400], // smallest normal
  [Infinity, 0x7c00],
  [-Infinity, 0xfc00],
];

// [value, bfloat16 bits]: the top 16 bits of the float32.
const BF16_EXACT: [number, number][] = [
  [0, 0x0000],
  [-0, 0x8000],
  [1, 0x3f80],
  [-2.5, 0xc020],
  [2 ** -133, 0x0001], // smallest subnormal
  [3.3895313892515355e38, 0x7f7f], // largest finite
  [Infinity, 0x7f80],
  [-Infinity, 0xff80],
];

describe('io/halfFloat', () => {
  it('decodes and encodes exact float16 values', () => {
    for (const [value, bits] of F16_EXACT) {
      assert.ok(Object.is(f16BitsToNumber(bits), value), `decode 0x${bits.toString(16)}`);
      assert.equal(numberToF16Bits(value), bits, `encode ${value}`);
    }
  });

  it('decodes and encodes exact bfloat16 values', () => {
    for (const [value, bits] of BF16_EXACT) {
      assert.ok(Object.is(bf16BitsToNumber(bits), value), `decode 0x${bits.toString(16)}`);
      assert.equal(numberToBf16Bits(value), bits, `encode ${value}`);
    }
  });

  it('keeps NaN a NaN both ways', () => {
    assert.equal(numberToF16Bits(NaN), 0x7e00);
    assert.equal(numberToBf16Bits(NaN), 0x7fc0);
    assert.ok(Number.isNaN(f16BitsToNumber(0x7e00)));
    assert.ok(Number.isNaN(f16BitsToNumber(0xfc01)));
    assert.ok(Number.isNaN(bf16BitsToNumber(0x7fc0)));
    assert.ok(Number.isNaN(bf16BitsToNumber(0xff81)));
  });

  it('rounds float16 to nearest, ties to even', () => {
    assert.equal(numberToF16Bits(1 + 2 ** -11), 0x3c00, 'tie between 0x3c00 and 0x3c01 goes to even');
    assert.equal(numberToF16Bits(1 + 3 * 2 ** -11), 0x3c02, 'tie between 0x3c01 and 0x3c02 goes to even');
    assert.equal(numberToF16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01, 'above the tie rounds up');
    assert.equal(numberToF16Bits(65519), 0x7bff, 'just below the overflow tie');
    assert.equal(numberToF16Bits(65520), 0x7c00, 'overflow tie goes to even, which is Infinity');
    assert.equal(numberToF16Bits(1e10), 0x7c00);
    assert.equal(numberToF16Bits(2 ** -25), 0x0000, 'half the smallest subnormal ties to zero');
    assert.equal(numberToF16Bits(1.5 * 2 ** -25), 0x0001);
    assert.equal(numberToF16Bits(3 * 2 ** -25), 0x0002, 'subnormal tie goes to even');
    assert.equal(numberToF16Bits(-1e-10), 0x8000);
    assert.equal(numberToF16Bits(2 ** -14 - 2 ** -25), 0x0400, 'rounding carries from subnormal to normal');
  });

  it('rounds bfloat16 to nearest, ties to even', () => {
    assert.equal(numberToBf16Bits(1 + 2 ** -8), 0x3f80);
    assert.equal(numberToBf16Bits(1 + 3 * 2 ** -8), 0x3f82);
    assert.equal(numberToBf16Bits(1 + 2 ** -8 + 2 ** -20), 0x3f81);
    assert.equal(numberToBf16Bits(3.4028234663852886e38), 0x7f80, 'float32 max rounds up to Infinity');
  });

  it('converts whole arrays', () => {
    const values = new Float32Array([1, -2.5, 65504, 2 ** -24, Infinity]);
    assert.deepEqual([...f32ToF16(values)], [0x3c00, 0xc100, 0x7bff, 0x0001, 0x7c00]);
    assert.deepEqual(f16ToF32(f32ToF16(values)), values);
    const bf = new Float32Array([1, -2.5, 2 ** -133, -Infinity]);
    assert.deepEqual(bf16ToF32(f32ToBf16(bf)), bf);
  });

  it('round-trips every float16 bit pattern through float32', () => {
    const all = new Uint16Array(0x10000).map((_, i) => i);
    const back = f32ToF16(f16ToF32(all));
    for (let bits = 0; bits < 0x10000; bits++) {
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (!isNaN) assert.equal(back[bits], bits, `0x${bits.toString(16)}`);
    }
  });
});
