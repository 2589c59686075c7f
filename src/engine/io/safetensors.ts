import { dtypeSize, typedArrayFromBytes } from './dtypes';
import { FormatError } from './errors';
import { openForReading, readExactly, type OpenFile } from './fileAccess';
import { MAX_HEADER_BYTES, parseSafetensorsHeader, type SafetensorsEntry } from './safetensorsHeader';
import { checkRowRange, elementCount } from './shape';
import type { ReadOptions, Tensor } from './tensor';
import type { TensorReader } from './tensorReader';

const LENGTH_PREFIX_BYTES = 8;

export interface SafetensorsFile extends TensorReader {
  readonly tensors: readonly SafetensorsEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  /** File offset where the data section (and so every tensor's byte range) starts. */
  readonly dataStart: number;
  info(name: string): SafetensorsEntry;
}

/** Opens a .safetensors file and validates its header; tensor data is read only on request. */
export async function openSafetensors(path: string): Promise<SafetensorsFile> {
  const file = await openForReading(path);
  try {
    return await readHeader(file);
  } catch (err) {
    await file.handle.close();
    throw err;
  }
}

/** Reads every tensor and the metadata of a .safetensors file. */
export async function readSafetensors(
  path: string,
  options?: ReadOptions,
): Promise<{ tensors: Record<string, Tensor>; metadata: Record<string, string> }> {
  const file = await openSafetensors(path);
  try {
    const tensors: [string, Tensor][] = [];
    for (const { name } of file.tensors) tensors.push([name, await file.read(name, options)]);
    return { tensors: Object.fromEntries(tensors), metadata: { ...file.metadata } };
  } finally {
    await file.close();
  }
}

async function readHeader(file: OpenFile): Promise<SafetensorsFile> {
  if (file.size < LENGTH_PREFIX_BYTES) {
    throw new FormatError('truncated', file.path, `file is ${file.size} bytes, too short for the 8-byte header length`);
  }
  const prefix = await readExactly(file, 0, LENGTH_PREFIX_BYTES);
  const headerLength = new DataView(prefix.buffer).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new FormatError('header-too-large', file.path, `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  const dataStart = LENGTH_PREFIX_BYTES + Number(headerLength);
  if (dataStart > file.size) {
    throw new FormatError('truncated', file.path, `header length ${headerLength} runs past the end of the ${file.size}-byte file`);
  }
  const headerBytes = await readExactly(file, LENGTH_PREFIX_BYTES, Number(headerLength));
  const { tensors, metadata } = parseSafetensorsHeader(file.path, headerBytes, file.size - dataStart);
  return new SafetensorsReader(file, tensors, metadata, dataStart);
}

class SafetensorsReader implements SafetensorsFile {
  private readonly byName: ReadonlyMap<string, SafetensorsEntry>;

  constructor(
    private readonly openFile: OpenFile,
    readonly tensors: readonly SafetensorsEntry[],
    readonly metadata: Readonly<Record<string, string>>,
    readonly dataStart: number,
  ) {
    this.byName = new Map(tensors.map((t) => [t.name, t]));
  }

  get file(): string {
    return this.openFile.path;
  }

  info(name: string): SafetensorsEntry {
    const entry = this.byName.get(name);
    if (!entry) throw new FormatError('not-found', this.file, `no tensor named ${JSON.stringify(name)}`);
    return entry;
  }

  async read(name: string, options: ReadOptions = {}): Promise<Tensor> {
    const entry = this.info(name);
    return this.readSpan(entry, entry.begin, entry.end - entry.begin, [...entry.shape], options);
  }

  async readRows(name: string, start: number, end: number, options: ReadOptions = {}): Promise<Tensor> {
    const entry = this.info(name);
    checkRowRange(name, entry.shape, start, end);
    const rowShape = entry.shape.slice(1);
    const rowBytes = elementCount(rowShape) * dtypeSize(entry.dtype);
    return this.readSpan(entry, entry.begin + start * rowBytes, (end - start) * rowBytes, [end - start, ...rowShape], options);
  }

  async close(): Promise<void> {
    await this.openFile.handle.close();
  }

  private async readSpan(entry: SafetensorsEntry, begin: number, length: number, shape: number[], options: ReadOptions): Promise<Tensor> {
    const bytes = await readExactly(this.openFile, this.dataStart + begin, length);
    return { dtype: entry.dtype, shape, data: typedArrayFromBytes(entry.dtype, bytes, options.widen) };
  }
}
