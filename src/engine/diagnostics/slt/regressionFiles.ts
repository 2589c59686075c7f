import { FormatError, readNpy } from '../../io';
import type { Tensor } from '../../io';
import { RegressionData } from '../../toys/models/regression/regressionData';

/** A .npy array as float32 rows [rows, columns]: 1-D arrays are one column. Integer and half dtypes are converted. */
async function readMatrix(file: string): Promise<{ rows: number; columns: number; values: Float32Array }> {
  const t: Tensor = await readNpy(file, { widen: true });
  if (t.shape.length < 1 || t.shape.length > 2) throw new FormatError('bad-shape', file, `needs a 1-D or 2-D array, got shape [${t.shape.join(', ')}]`);
  if (t.dtype === 'BOOL') throw new FormatError('unsupported', file, 'needs numbers, got a boolean array');
  const values = t.data instanceof BigInt64Array || t.data instanceof BigUint64Array ? Float32Array.from(t.data, Number) : t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>);
  const columns = t.shape[1] ?? 1;
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new FormatError('unsupported', file, `has a non-finite value (${values[bad]}) at row ${Math.floor(bad / columns)}, column ${bad % columns}`);
  return { rows: t.shape[0], columns, values };
}

/** Regression data from `x.npy` [n, d] (or [n]) and `y.npy` [n, q] (or [n]); the row counts must agree. */
export async function readRegressionData(xFile: string, yFile: string): Promise<RegressionData> {
  const [x, y] = [await readMatrix(xFile), await readMatrix(yFile)];
  if (x.rows !== y.rows) throw new FormatError('bad-shape', yFile, `has ${y.rows} rows but ${xFile} has ${x.rows}: x and y need one row per sample`);
  if (x.rows < 2) throw new FormatError('bad-shape', xFile, `needs at least 2 rows, got ${x.rows}`);
  return { rows: x.rows, inputDim: x.columns, outputDim: y.columns, x: x.values, y: y.values };
}
