import { dtypeSize, openNpy, openSafetensors, type SafetensorsFile, type Tensor } from '../io';
import { checkActivationArray, type FloatDType } from './activationShape';
import { DataError } from './errors';
import { assertFiniteRows } from './finiteCheck';
import { toFloat32 } from './toFloat32';

/** A stored [rows, d_in] float array whose rows can be read a range at a time, without loading the rest. */
export interface RowFile {
  readonly file: string;
  /** The array's name inside a multi-tensor file; undefined for .npy. */
  readonly tensor: string | undefined;
  readonly dtype: FloatDType;
  readonly rows: number;
  readonly dIn: number;
  /** Bytes one row takes in the file. */
  readonly rowBytes: number;
  /** Rows [start, end) as float32; a DataError if any value is NaN or infinite. */
  readRows(start: number, end: number): Promise<Float32Array>;
  close(): Promise<void>;
}

export async function openNpyRows(path: string): Promise<RowFile> {
  const npy = await openNpy(path);
  try {
    const { dtype, shape } = npy;
    checkActivationArray(path, 'the array', dtype, shape);
    if (npy.fortranOrder) {
      const problem = 'the array is in Fortran order, so its rows are not contiguous; save np.ascontiguousarray(x)';
      throw new DataError('bad-layout', path, problem);
    }
    return new StoredRows(path, undefined, dtype, shape, (start, end) => npy.readRows(start, end), () => npy.close());
  } catch (err) {
    await npy.close();
    throw err;
  }
}

/** Opens tensor `name` of a .safetensors file, or its only 2-D tensor when no name is given. */
export async function openSafetensorsRows(path: string, name?: string): Promise<RowFile> {
  const file = await openSafetensors(path);
  try {
    const tensor = name ?? onlyMatrixName(file);
    if (!file.tensors.some((t) => t.name === tensor)) {
      throw new DataError('no-tensor', path, `no tensor named ${JSON.stringify(tensor)}; it has ${listTensors(file)}`);
    }
    const { dtype, shape } = file.info(tensor);
    checkActivationArray(path, `tensor ${JSON.stringify(tensor)}`, dtype, shape);
    const read = (start: number, end: number) => file.readRows(tensor, start, end);
    return new StoredRows(path, tensor, dtype, shape, read, () => file.close());
  } catch (err) {
    await file.close();
    throw err;
  }
}

function onlyMatrixName(file: SafetensorsFile): string {
  const matrices = file.tensors.filter((t) => t.shape.length === 2);
  if (matrices.length === 1) return matrices[0].name;
  const problem = matrices.length === 0 ? 'has no 2-D tensor' : `has ${matrices.length} 2-D tensors`;
  throw new DataError('no-tensor', file.file, `${problem}; name one as ${file.file}#<tensor> (it has ${listTensors(file)})`);
}

const LISTED_TENSORS = 10;

function listTensors(file: SafetensorsFile): string {
  if (file.tensors.length === 0) return 'no tensors';
  const listed = file.tensors.slice(0, LISTED_TENSORS).map((t) => `${t.name} [${t.shape.join(', ')}]`);
  const more = file.tensors.length - listed.length;
  return listed.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

class StoredRows implements RowFile {
  readonly rows: number;
  readonly dIn: number;
  readonly rowBytes: number;

  constructor(
    readonly file: string,
    readonly tensor: string | undefined,
    readonly dtype: FloatDType,
    shape: readonly number[],
    private readonly readTensorRows: (start: number, end: number) => Promise<Tensor>,
    readonly close: () => Promise<void>,
  ) {
    [this.rows, this.dIn] = shape;
    this.rowBytes = this.dIn * dtypeSize(dtype);
  }

  async readRows(start: number, end: number): Promise<Float32Array> {
    const values = toFloat32(this.dtype, (await this.readTensorRows(start, end)).data);
    assertFiniteRows(values, this.dIn, this.file, start, this.tensor === undefined ? '' : `tensor ${JSON.stringify(this.tensor)} `);
    return values;
  }
}
