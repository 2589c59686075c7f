import { DataError } from './errors';

/**
 * Throws a DataError for the first NaN or infinity in `values`, whole rows of `dIn` whose first row is row
 * `firstRow` of `file`. `where` prefixes the row in the message (e.g. a tensor name).
 */
export function assertFiniteRows(values: Float32Array, dIn: number, file: string, firstRow: number, where = ''): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // v - v is 0 for every finite v and NaN for NaN and ±Infinity: one comparison per element.
    if (v - v !== 0) {
      const row = firstRow + Math.floor(i / dIn);
      const column = i % dIn;
      throw new DataError('not-finite', file, `${where}row ${row} column ${column} is ${v}`, row, column);
    }
  }
}
