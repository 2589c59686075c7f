import { bf16ToF32, f16ToF32 } from './halfFloat';

/** Element types, named as safetensors names them; npy dtypes map onto the same names. */
export type DType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

export type TypedArray =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

interface TypedArrayClass {
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
}

/** F16 and BF16 are held as their raw 16-bit patterns unless widened to Float32Array. */
const ARRAY_CLASS: Record<DType, TypedArrayClass> = {
  F64: Float64Array,
  F32: Float32Array,
  F16: Uint16Array,
  BF16: Uint16Array,
  I64: BigInt64Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U64: BigUint64Array,
  U32: Uint32Array,
  U16: Uint16Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};

export const DTYPES = Object.keys(ARRAY_CLASS) as DType[];

export function isDType(name: unknown): name is DType {
  return typeof name === 'string' && Object.hasOwn(ARRAY_CLASS, name);
}

export function dtypeSize(dtype: DType): number {
  return ARRAY_CLASS[dtype].BYTES_PER_ELEMENT;
}

export function isHalfFloat(dtype: DType): dtype is 'F16' | 'BF16' {
  return dtype === 'F16' || dtype === 'BF16';
}

/** Whether `data` is the typed array that holds `dtype` as stored (bit patterns for F16/BF16). */
export function holdsStorage(dtype: DType, data: TypedArray): boolean {
  return data instanceof ARRAY_CLASS[dtype];
}

export function storageArrayName(dtype: DType): string {
  return ARRAY_CLASS[dtype].name;
}

// Typed arrays read bytes in host order; every platform VS Code runs on is little-endian,
// as are safetensors files, so only big-endian sources need swapping.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('saescope io: big-endian hosts are not supported');
}

/**
 * Views little-endian `bytes` as the typed array for `dtype`, copying only when the bytes are misaligned.
 * With `widen`, F16 and BF16 become a new Float32Array.
 */
export function typedArrayFromBytes(dtype: DType, bytes: Uint8Array, widen = false): TypedArray {
  const cls = ARRAY_CLASS[dtype];
  const aligned = bytes.byteOffset % cls.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice();
  const array = new cls(aligned.buffer, aligned.byteOffset, aligned.byteLength / cls.BYTES_PER_ELEMENT);
  if (widen && isHalfFloat(dtype)) {
    return dtype === 'F16' ? f16ToF32(array as Uint16Array) : bf16ToF32(array as Uint16Array);
  }
  return array;
}

/** The bytes behind a typed array, without copying. */
export function bytesOf(array: TypedArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
