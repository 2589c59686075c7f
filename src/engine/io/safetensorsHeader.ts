import { dtypeSize, DTYPES, isDType } from './dtypes';
import { FormatError } from './errors';
import { elementCount, formatShape, isShape } from './shape';
import type { TensorInfo } from './tensor';

/** Refuse larger headers before allocating for them, as the reference implementation does. */
export const MAX_HEADER_BYTES = 100_000_000;

export const METADATA_KEY = '__metadata__';

export interface SafetensorsEntry extends TensorInfo {
  /** Byte range [begin, end) relative to the start of the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  tensors: SafetensorsEntry[];
  metadata: Record<string, string>;
}

/** Parses and validates a header against a data section of `dataLength` bytes. */
export function parseSafetensorsHeader(file: string, headerBytes: Uint8Array, dataLength: number): SafetensorsHeader {
  const header = parseJsonObject(file, headerBytes);
  let metadata: Record<string, string> = {};
  const tensors: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = parseMetadata(file, value);
    else tensors.push(parseEntry(file, name, value, dataLength));
  }
  checkNoOverlap(file, tensors);
  return { tensors, metadata };
}

function parseJsonObject(file: string, bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new FormatError('bad-json', file, `header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (!isPlainObject(value)) throw new FormatError('bad-header', file, 'header must be a JSON object');
  return value;
}

function parseMetadata(file: string, value: unknown): Record<string, string> {
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new FormatError('bad-header', file, `${METADATA_KEY} must be an object of string values`);
  }
  return value as Record<string, string>;
}

function parseEntry(file: string, name: string, value: unknown, dataLength: number): SafetensorsEntry {
  const where = `tensor ${JSON.stringify(name)}`;
  if (!isPlainObject(value)) throw new FormatError('bad-header', file, `${where}: entry must be an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (!isDType(dtype)) {
    throw new FormatError('unknown-dtype', file, `${where}: unknown dtype ${JSON.stringify(dtype)} (known: ${DTYPES.join(', ')})`);
  }
  if (!isShape(shape)) {
    throw new FormatError('bad-shape', file, `${where}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  if (!isShape(offsets) || offsets.length !== 2 || offsets[0] > offsets[1]) {
    throw new FormatError('bad-offsets', file, `${where}: data_offsets ${JSON.stringify(offsets)} must be [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets;
  if (end > dataLength) {
    throw new FormatError(
      'bad-offsets',
      file,
      `${where}: data_offsets [${begin}, ${end}] run past the ${dataLength}-byte data section (truncated file?)`,
    );
  }
  const expected = elementCount(shape) * dtypeSize(dtype);
  if (expected !== end - begin) {
    throw new FormatError(
      'shape-mismatch',
      file,
      `${where}: ${dtype} ${formatShape(shape)} needs ${expected} bytes but data_offsets span ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

function checkNoOverlap(file: string, tensors: readonly SafetensorsEntry[]): void {
  const byStart = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < byStart.length; i++) {
    const [previous, current] = [byStart[i - 1], byStart[i]];
    if (current.begin < previous.end) {
      throw new FormatError(
        'bad-offsets',
        file,
        `tensors ${JSON.stringify(previous.name)} and ${JSON.stringify(current.name)} overlap in the data section`,
      );
    }
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
