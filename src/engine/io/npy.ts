import { atomicWrite } from './atomicWrite';
import { swapByteOrder } from './byteOrder';
import { dtypeSize, typedArrayFromBytes, type DType } from './dtypes';
import { FormatError } from './errors';
import { openForReading, readExactly, type OpenFile } from './fileAccess';
import { fortranToCOrder } from './fortranOrder';
import { encodeNpyHeader, NPY_PREAMBLE_BYTES, parseNpyHeader, parseNpyPreamble, type NpyHeader } from './npyHeader';
import { checkRowRange, elementCount } from './shape';
import type { ReadOptions, Tensor, TensorInfo } from './tensor';
import { tensorBytes } from './tensorBytes';

/** An open .npy file whose header has been read; rows can be streamed without loading the whole array. */
export interface NpyFile extends Omit<TensorInfo, 'name'> {
  readonly file: string;
  readonly fortranOrder: boolean;
  read(options?: ReadOptions): Promise<Tensor>;
  /** Rows [start, end) along axis 0; C-order arrays only, since Fortran-order rows are not contiguous. */
  readRows(start: number, end: number, options?: ReadOptions): Promise<Tensor>;
  close(): Promise<void>;
}

export async function openNpy(path: string): Promise<NpyFile> {
  const file = await openForReading(path);
  try {
    const header = await readNpyHeader(file);
    const dataEnd = header.dataOffset + elementCount(header.shape) * dtypeSize(header.dtype);
    if (file.size < dataEnd) {
      throw new FormatError('truncated', path, `array data needs ${dataEnd} bytes but the file has ${file.size}`);
    }
    return new NpyReader(file, header);
  } catch (err) {
    await file.handle.close();
    throw err;
  }
}

export async function readNpy(path: string, options?: ReadOptions): Promise<Tensor> {
  const npy = await openNpy(path);
  try {
    return await npy.read(options);
  } finally {
    await npy.close();
  }
}

/**
 * Decodes a whole .npy image held in memory. Takes ownership of `bytes`: the result may share its memory,
 * and big-endian data is swapped in place.
 */
export function decodeNpy(file: string, bytes: Uint8Array, options: ReadOptions = {}): Tensor {
  const header = parseNpyHeader(file, bytes);
  const length = elementCount(header.shape) * dtypeSize(header.dtype);
  if (bytes.length < header.dataOffset + length) {
    throw new FormatError('truncated', file, `array data needs ${header.dataOffset + length} bytes but there are ${bytes.length}`);
  }
  return decodeData(header, bytes.subarray(header.dataOffset, header.dataOffset + length), header.shape, options);
}

/** The .npy image of `tensor` (C order, little-endian). BF16 has no .npy dtype and is refused. */
export function encodeNpy(file: string, tensor: Tensor): Uint8Array {
  const [header, data] = npyChunks(file, tensor);
  const bytes = new Uint8Array(header.length + data.length);
  bytes.set(header);
  bytes.set(data, header.length);
  return bytes;
}

export async function writeNpy(path: string, tensor: Tensor): Promise<void> {
  await atomicWrite(path, npyChunks(path, tensor));
}

function npyChunks(file: string, tensor: Tensor): [Uint8Array, Uint8Array] {
  const data = tensorBytes(file, 'array', tensor);
  const header = encodeNpyHeader(tensor.dtype, tensor.shape);
  if (!header) throw new FormatError('unsupported', file, `.npy has no dtype for ${tensor.dtype}; widen it to F32 or use safetensors`);
  return [header, data];
}

async function readNpyHeader(file: OpenFile): Promise<NpyHeader> {
  const preamble = await readExactly(file, 0, Math.min(file.size, NPY_PREAMBLE_BYTES));
  const { dataOffset } = parseNpyPreamble(file.path, preamble);
  if (dataOffset > file.size) throw new FormatError('truncated', file.path, 'file ends inside the .npy header');
  return parseNpyHeader(file.path, await readExactly(file, 0, dataOffset));
}

function decodeData(header: NpyHeader, bytes: Uint8Array, shape: number[], options: ReadOptions): Tensor {
  const itemSize = dtypeSize(header.dtype);
  if (!header.littleEndian) swapByteOrder(bytes, itemSize);
  const ordered = header.fortranOrder ? fortranToCOrder(bytes, shape, itemSize) : bytes;
  return { dtype: header.dtype, shape, data: typedArrayFromBytes(header.dtype, ordered, options.widen) };
}

class NpyReader implements NpyFile {
  constructor(
    private readonly openFile: OpenFile,
    private readonly header: NpyHeader,
  ) {}

  get file(): string {
    return this.openFile.path;
  }

  get dtype(): DType {
    return this.header.dtype;
  }

  get shape(): number[] {
    return this.header.shape;
  }

  get fortranOrder(): boolean {
    return this.header.fortranOrder;
  }

  async read(options: ReadOptions = {}): Promise<Tensor> {
    const length = elementCount(this.shape) * dtypeSize(this.dtype);
    const bytes = await readExactly(this.openFile, this.header.dataOffset, length);
    return decodeData(this.header, bytes, [...this.shape], options);
  }

  async readRows(start: number, end: number, options: ReadOptions = {}): Promise<Tensor> {
    checkRowRange(this.file, this.shape, start, end);
    if (this.fortranOrder && this.shape.length > 1) {
      throw new FormatError('unsupported', this.file, 'row-range reads need a C-order array; this one is in Fortran order');
    }
    const rowShape = this.shape.slice(1);
    const rowBytes = elementCount(rowShape) * dtypeSize(this.dtype);
    const bytes = await readExactly(this.openFile, this.header.dataOffset + start * rowBytes, (end - start) * rowBytes);
    return decodeData({ ...this.header, fortranOrder: false }, bytes, [end - start, ...rowShape], options);
  }

  async close(): Promise<void> {
    await this.openFile.handle.close();
  }
}
