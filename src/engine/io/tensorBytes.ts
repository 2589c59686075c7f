import { bytesOf, holdsStorage, isDType, isHalfFloat, storageArrayName } from './dtypes';
import { FormatError } from './errors';
import { f32ToBf16, f32ToF16 } from './halfFloat';
import { elementCount, formatShape, isShape } from './shape';
import type { Tensor } from './tensor';

/**
 * The little-endian bytes a writer stores for `tensor`, after checking that dtype, shape and data agree.
 * F16/BF16 data may be raw bits (Uint16Array) or a Float32Array, which is rounded to nearest even.
 */
export function tensorBytes(file: string, label: string, tensor: Tensor): Uint8Array {
  const { dtype, shape, data } = tensor;
  if (!isDType(dtype)) throw new FormatError('unknown-dtype', file, `${label}: unknown dtype ${JSON.stringify(dtype)}`);
  if (!isShape(shape)) {
    throw new FormatError('bad-shape', file, `${label}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  const count = elementCount(shape);
  if (data.length !== count) {
    throw new FormatError('shape-mismatch', file, `${label}: shape ${formatShape(shape)} holds ${count} elements but data has ${data.length}`);
  }
  if (isHalfFloat(dtype) && data instanceof Float32Array) {
    return bytesOf(dtype === 'F16' ? f32ToF16(data) : f32ToBf16(data));
  }
  if (!holdsStorage(dtype, data)) {
    const expected = storageArrayName(dtype) + (isHalfFloat(dtype) ? ' or Float32Array' : '');
    throw new FormatError('dtype-mismatch', file, `${label}: dtype ${dtype} needs ${expected} data, got ${data.constructor.name}`);
  }
  return bytesOf(data);
}
