/** Reorders the elements of a Fortran-order (column-major) array into C order (row-major). */
export function fortranToCOrder(bytes: Uint8Array, shape: readonly number[], itemSize: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const rank = shape.length;
  const fortranStrides: number[] = [];
  let stride = itemSize;
  for (const dim of shape) {
    fortranStrides.push(stride);
    stride *= dim;
  }
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let target = 0; target < out.length; target += itemSize) {
    for (let k = 0; k < itemSize; k++) out[target + k] = bytes[source + k];
    // Advance the C-order index like an odometer, keeping the Fortran byte offset in step.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      source += fortranStrides[axis];
      if (index[axis] < shape[axis]) break;
      source -= fortranStrides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return out;
}
