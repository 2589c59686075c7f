/**
 * Unit-length copies of the vectors whose cosines we take. A zero vector stays zero, so its cosine with anything is
 * 0, as with torch's `F.normalize` that SAEBench uses.
 */

/** Rows of a row-major [rows, cols] matrix, each scaled to length 1. */
export function unitRows(data: Float32Array, rows: number, cols: number): Float32Array {
  checkShape(data, rows, cols);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    let squared = 0;
    for (let c = 0; c < cols; c++) squared += data[offset + c] * data[offset + c];
    const scale = squared > 0 ? 1 / Math.sqrt(squared) : 0;
    for (let c = 0; c < cols; c++) out[offset + c] = data[offset + c] * scale;
  }
  return out;
}

/** Columns of a row-major [rows, cols] matrix (e.g. W_enc [d_in, d_sae]), as unit rows of a [cols, rows] matrix. */
export function unitColumns(data: Float32Array, rows: number, cols: number): Float32Array {
  checkShape(data, rows, cols);
  const transposed = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) transposed[c * rows + r] = data[r * cols + c];
  }
  return unitRows(transposed, cols, rows);
}

/** ⟨a[aOffset..], b[bOffset..]⟩ over `length` values, in float64. */
export function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += a[aOffset + k] * b[bOffset + k];
  return sum;
}

function checkShape(data: Float32Array, rows: number, cols: number): void {
  if (data.length !== rows * cols) throw new RangeError(`expected ${rows}×${cols} = ${rows * cols} values, got ${data.length}`);
}
