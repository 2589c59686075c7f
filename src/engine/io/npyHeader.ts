import type { DType } from './dtypes';
import { FormatError } from './errors';
import { parsePythonLiteral, type PyValue } from './pyLiteral';
import { isShape } from './shape';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** Bytes to read up front: magic, version and the widest (version 2+) header-length field. */
export const NPY_PREAMBLE_BYTES = 12;

/** Real headers for plain dtypes are a few hundred bytes; the cap keeps a corrupt length from allocating gigabytes. */
const MAX_HEADER_BYTES = 1 << 20;

/** numpy pads the header so the data starts on a 64-byte boundary. */
const ALIGNMENT = 64;

const DESCR_TO_DTYPE: Record<string, DType> = {
  f2: 'F16',
  f4: 'F32',
  f8: 'F64',
  i1: 'I8',
  i2: 'I16',
  i4: 'I32',
  i8: 'I64',
  u1: 'U8',
  u2: 'U16',
  u4: 'U32',
  u8: 'U64',
  b1: 'BOOL',
};

export interface NpyHeader {
  dtype: DType;
  littleEndian: boolean;
  fortranOrder: boolean;
  shape: number[];
  /** Offset of the array data from the start of the file. */
  dataOffset: number;
}

export function isNpyMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/** Reads the fixed preamble and returns where the header text starts and where the data starts. */
export function parseNpyPreamble(file: string, bytes: Uint8Array): { headerStart: number; dataOffset: number; utf8: boolean } {
  if (bytes.length < MAGIC.length || !isNpyMagic(bytes)) {
    throw new FormatError('bad-magic', file, 'not a .npy file (missing the \\x93NUMPY magic)');
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw new FormatError('unsupported', file, `unsupported .npy format version ${major}.${bytes[7]}`);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) throw new FormatError('truncated', file, 'file ends inside the .npy preamble');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new FormatError('header-too-large', file, `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  return { headerStart, dataOffset: headerStart + headerLength, utf8: major === 3 };
}

/** Parses a .npy header from `bytes`, which must hold the file from its start through the header. */
export function parseNpyHeader(file: string, bytes: Uint8Array): NpyHeader {
  const { headerStart, dataOffset, utf8 } = parseNpyPreamble(file, bytes);
  if (bytes.length < dataOffset) throw new FormatError('truncated', file, 'file ends inside the .npy header');
  const text = new TextDecoder(utf8 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset));
  let dict: PyValue;
  try {
    dict = parsePythonLiteral(text);
  } catch (err) {
    throw new FormatError('bad-header', file, `header is not a Python dict literal (${(err as Error).message}): ${text.trim()}`);
  }
  if (!(dict instanceof Map)) throw new FormatError('bad-header', file, `header is not a dict: ${text.trim()}`);
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (descr === undefined || typeof fortranOrder !== 'boolean' || shape === undefined) {
    throw new FormatError('bad-header', file, `header needs 'descr', 'fortran_order' (a bool) and 'shape': ${text.trim()}`);
  }
  if (!isShape(shape)) throw new FormatError('bad-shape', file, `shape ${JSON.stringify(shape)} is not a tuple of non-negative integers`);
  return { ...parseDescr(file, descr), fortranOrder, shape, dataOffset };
}

function parseDescr(file: string, descr: PyValue): { dtype: DType; littleEndian: boolean } {
  const refusal = 'object arrays hold pickled Python objects, and pickled data is never loaded; save a numeric array instead';
  if (typeof descr !== 'string') {
    throw new FormatError('unsupported', file, `structured dtypes are not supported (descr ${JSON.stringify(descr)})`);
  }
  const match = /^([<>|=]?)([a-zA-Z]\d*)$/.exec(descr);
  if (match?.[2] === 'O' || match?.[2] === 'O8') throw new FormatError('unsupported', file, refusal);
  const dtype = match ? DESCR_TO_DTYPE[match[2]] : undefined;
  if (!match || !dtype) {
    throw new FormatError('unknown-dtype', file, `unsupported dtype '${descr}' (supported: ${Object.keys(DESCR_TO_DTYPE).join(', ')})`);
  }
  // '=' means the writer's native order; numpy only ever writes it for hosts like ours, which are little-endian.
  return { dtype, littleEndian: match[1] !== '>' };
}

/** The preamble and header numpy would write for a C-order, little-endian array; undefined for dtypes .npy has no name for. */
export function encodeNpyHeader(dtype: DType, shape: readonly number[]): Uint8Array | undefined {
  const code = Object.keys(DESCR_TO_DTYPE).find((k) => DESCR_TO_DTYPE[k] === dtype);
  if (!code) return undefined;
  const descr = `${code[0] === 'b' || code.endsWith('1') ? '|' : '<'}${code}`;
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const aligned = (headerStart: number) => Math.ceil((headerStart + dict.length + 1) / ALIGNMENT) * ALIGNMENT;
  // Version 1.0 stores the header length in 16 bits; longer headers need version 2.0.
  const headerStart = aligned(10) - 10 <= 0xffff ? 10 : 12;
  const total = aligned(headerStart);
  const bytes = new Uint8Array(total).fill(0x20);
  bytes.set(MAGIC);
  bytes.set([headerStart === 10 ? 1 : 2, 0], 6);
  const view = new DataView(bytes.buffer);
  if (headerStart === 10) view.setUint16(8, total - headerStart, true);
  else view.setUint32(8, total - headerStart, true);
  bytes.set(new TextEncoder().encode(dict), headerStart);
  bytes[total - 1] = 0x0a;
  return bytes;
}
