const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

export function f16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

export function bf16BitsToNumber(h: number): number {
  f32Bits[0] = (h & 0xffff) << 16;
  return f32[0];
}

/** Rounds (a float32, or a number first rounded to float32) to the nearest float16, ties to even; overflow gives ±Infinity and NaN stays NaN. */
export function numberToF16Bits(value: number): number {
  f32[0] = value;
  const x = f32Bits[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    return sign | roundShiftRightEven(mantissa | 0x800000, 14 - e);
  }
  // A carry out of the mantissa correctly bumps the exponent, up to Infinity.
  return sign | roundShiftRightEven((e << 23) | mantissa, 13);
}

/** Rounds (a float32, or a number first rounded to float32) to the nearest bfloat16, ties to even; NaN stays a (quiet) NaN. */
export function numberToBf16Bits(value: number): number {
  f32[0] = value;
  const x = f32Bits[0];
  if ((x & 0x7fffffff) > 0x7f800000) return (x >>> 16) | 0x40;
  return roundShiftRightEven(x, 16);
}

function roundShiftRightEven(value: number, shift: number): number {
  const unit = 2 ** shift;
  const kept = Math.floor(value / unit);
  const rest = value - kept * unit;
  const half = unit / 2;
  return rest > half || (rest === half && kept % 2 === 1) ? kept + 1 : kept;
}

export function f16ToF32(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, f16BitsToNumber);
}

export function bf16ToF32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i] << 16;
  return out;
}

export function f32ToF16(values: ArrayLike<number>): Uint16Array {
  return Uint16Array.from(values, numberToF16Bits);
}

export function f32ToBf16(values: ArrayLike<number>): Uint16Array {
  return Uint16Array.from(values, numberToBf16Bits);
}
