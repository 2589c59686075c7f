import { crc32 } from 'node:zlib';
import { Inflate, inflateSync } from 'fflate';
import { FormatError } from './errors';
import { openForReading, readExactly, type OpenFile } from './fileAccess';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA_FIELD = 0x0001;
const STORED = 0;
const DEFLATED = 8;
/** A 32-bit field holding this value means "see the Zip64 record". */
const ZIP64_MARKER = 0xffffffff;
const MAX_COMMENT_BYTES = 0xffff;
/** Small, because a highly compressible chunk can inflate a thousandfold. */
const PREFIX_CHUNK_BYTES = 4096;

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated; others are refused on read. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  encrypted: boolean;
  localHeaderOffset: number;
}

/** A zip archive read through its central directory, so one entry can be read without touching the others. */
export interface ZipArchive {
  readonly file: string;
  readonly entries: readonly ZipEntry[];
  read(entry: ZipEntry): Promise<Uint8Array>;
  /** At least the first `length` bytes of the entry (all of it if shorter), inflating no more than needed. */
  readPrefix(entry: ZipEntry, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openZip(path: string): Promise<ZipArchive> {
  const file = await openForReading(path);
  try {
    return new ZipReader(file, await readCentralDirectory(file));
  } catch (err) {
    await file.handle.close();
    throw err;
  }
}

async function readCentralDirectory(file: OpenFile): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, file.size - (22 + MAX_COMMENT_BYTES));
  const tail = await readExactly(file, tailStart, file.size - tailStart);
  const tailView = view(tail);
  let end = tail.length - 22;
  while (end >= 0 && tailView.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw badZip(file, 'no end-of-central-directory record (not a zip file, or truncated)');
  let count = tailView.getUint16(end + 10, true);
  let directorySize = tailView.getUint32(end + 12, true);
  let directoryOffset = tailView.getUint32(end + 16, true);
  if (tailView.getUint16(end + 4, true) !== 0 || tailView.getUint16(end + 6, true) !== 0) {
    throw new FormatError('unsupported', file.path, 'multi-disk zip archives are not supported');
  }
  if (count === 0xffff || directorySize === ZIP64_MARKER || directoryOffset === ZIP64_MARKER) {
    ({ count, directorySize, directoryOffset } = await readZip64End(file, tailStart + end));
  }
  if (directoryOffset + directorySize > file.size) throw badZip(file, 'central directory runs past the end of the file');
  const directory = await readExactly(file, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  for (let pos = 0; entries.length < count; ) {
    const entry = parseDirectoryEntry(file, directory, pos);
    entries.push(entry.entry);
    pos = entry.next;
  }
  return entries;
}

async function readZip64End(file: OpenFile, endRecordOffset: number) {
  const locatorOffset = endRecordOffset - 20;
  if (locatorOffset < 0) throw badZip(file, 'Zip64 end-of-central-directory locator is missing');
  const locator = view(await readExactly(file, locatorOffset, 20));
  if (locator.getUint32(0, true) !== ZIP64_END_LOCATOR) throw badZip(file, 'Zip64 end-of-central-directory locator is missing');
  const recordOffset = u64(file, locator, 8);
  if (recordOffset + 56 > file.size) throw badZip(file, 'Zip64 end-of-central-directory record runs past the end of the file');
  const record = view(await readExactly(file, recordOffset, 56));
  if (record.getUint32(0, true) !== ZIP64_END_OF_CENTRAL_DIRECTORY) throw badZip(file, 'bad Zip64 end-of-central-directory record');
  return { count: u64(file, record, 32), directorySize: u64(file, record, 40), directoryOffset: u64(file, record, 48) };
}

function parseDirectoryEntry(file: OpenFile, directory: Uint8Array, pos: number): { entry: ZipEntry; next: number } {
  const v = view(directory);
  if (pos + 46 > directory.length || v.getUint32(pos, true) !== CENTRAL_DIRECTORY_ENTRY) {
    throw badZip(file, 'central directory is corrupt');
  }
  const nameLength = v.getUint16(pos + 28, true);
  const extraLength = v.getUint16(pos + 30, true);
  const next = pos + 46 + nameLength + extraLength + v.getUint16(pos + 32, true);
  if (next > directory.length) throw badZip(file, 'central directory is corrupt');
  const entry: ZipEntry = {
    name: new TextDecoder().decode(directory.subarray(pos + 46, pos + 46 + nameLength)),
    method: v.getUint16(pos + 10, true),
    crc32: v.getUint32(pos + 16, true),
    compressedSize: v.getUint32(pos + 20, true),
    size: v.getUint32(pos + 24, true),
    encrypted: (v.getUint16(pos + 8, true) & 1) === 1,
    localHeaderOffset: v.getUint32(pos + 42, true),
  };
  applyZip64Extra(file, entry, directory.subarray(pos + 46 + nameLength, pos + 46 + nameLength + extraLength));
  return { entry, next };
}

/** Replaces 32-bit fields marked 0xFFFFFFFF by the 64-bit values in the Zip64 extra field, which lists only those, in this order. */
function applyZip64Extra(file: OpenFile, entry: ZipEntry, extra: Uint8Array): void {
  const fields = (['size', 'compressedSize', 'localHeaderOffset'] as const).filter((f) => entry[f] === ZIP64_MARKER);
  if (fields.length === 0) return;
  const v = view(extra);
  for (let pos = 0; pos + 4 <= extra.length; pos += 4 + v.getUint16(pos + 2, true)) {
    if (v.getUint16(pos, true) !== ZIP64_EXTRA_FIELD) continue;
    if (v.getUint16(pos + 2, true) < fields.length * 8 || pos + 4 + fields.length * 8 > extra.length) break;
    fields.forEach((field, i) => (entry[field] = u64(file, v, pos + 4 + i * 8)));
    return;
  }
  throw badZip(file, `entry ${entry.name} lacks the Zip64 sizes its header refers to`);
}

class ZipReader implements ZipArchive {
  constructor(
    private readonly openFile: OpenFile,
    readonly entries: readonly ZipEntry[],
  ) {}

  get file(): string {
    return this.openFile.path;
  }

  async read(entry: ZipEntry): Promise<Uint8Array> {
    const compressed = await readExactly(this.openFile, await this.dataStart(entry), entry.compressedSize);
    let data: Uint8Array;
    try {
      data = entry.method === STORED ? compressed : inflateSync(compressed, { out: new Uint8Array(entry.size) });
    } catch (err) {
      throw badZip(this.openFile, `entry ${entry.name} cannot be inflated (${(err as Error).message})`);
    }
    if (data.length !== entry.size || crc32(data) >>> 0 !== entry.crc32) {
      throw badZip(this.openFile, `entry ${entry.name} is corrupt (size or CRC-32 mismatch)`);
    }
    return data;
  }

  async readPrefix(entry: ZipEntry, length: number): Promise<Uint8Array> {
    const start = await this.dataStart(entry);
    if (entry.method === STORED) return readExactly(this.openFile, start, Math.min(length, entry.size));
    const chunks: Uint8Array[] = [];
    let inflated = 0;
    const inflater = new Inflate((chunk) => {
      chunks.push(chunk);
      inflated += chunk.length;
    });
    for (let pos = 0; pos < entry.compressedSize && inflated < length; pos += PREFIX_CHUNK_BYTES) {
      const size = Math.min(PREFIX_CHUNK_BYTES, entry.compressedSize - pos);
      const chunk = await readExactly(this.openFile, start + pos, size);
      try {
        inflater.push(chunk, pos + size === entry.compressedSize);
      } catch (err) {
        throw badZip(this.openFile, `entry ${entry.name} cannot be inflated (${(err as Error).message})`);
      }
    }
    return concat(chunks, inflated);
  }

  async close(): Promise<void> {
    await this.openFile.handle.close();
  }

  private async dataStart(entry: ZipEntry): Promise<number> {
    if (entry.encrypted) throw new FormatError('unsupported', this.file, `entry ${entry.name} is encrypted`);
    if (entry.method !== STORED && entry.method !== DEFLATED) {
      throw new FormatError('unsupported', this.file, `entry ${entry.name} uses compression method ${entry.method}; only stored and deflated are supported`);
    }
    const header = view(await readExactly(this.openFile, entry.localHeaderOffset, 30));
    if (header.getUint32(0, true) !== LOCAL_FILE_HEADER) throw badZip(this.openFile, `entry ${entry.name} has no local file header`);
    // The local name and extra field can differ in length from the central directory's copies.
    return entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(file: OpenFile, v: DataView, offset: number): number {
  const value = v.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw badZip(file, `64-bit field ${value} is out of range`);
  return Number(value);
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function badZip(file: OpenFile, problem: string): FormatError {
  return new FormatError('bad-zip', file.path, problem);
}
