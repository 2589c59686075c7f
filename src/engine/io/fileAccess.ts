import { promises as fs } from 'node:fs';
import { FormatError } from './errors';

export interface OpenFile {
  readonly path: string;
  readonly handle: fs.FileHandle;
  readonly size: number;
}

/** Opens `path` for reading; a missing or unreadable file becomes a FormatError naming it. */
export async function openForReading(path: string): Promise<OpenFile> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (err) {
    throw fileSystemError(path, err);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FormatError('io', path, 'not a regular file');
    return { path, handle, size: stat.size };
  } catch (err) {
    await handle.close();
    throw err instanceof FormatError ? err : fileSystemError(path, err);
  }
}

/** Runs `use` on the opened file and closes it afterwards, whatever happens. */
export async function withOpenFile<T>(path: string, use: (file: OpenFile) => Promise<T>): Promise<T> {
  const file = await openForReading(path);
  try {
    return await use(file);
  } finally {
    await file.handle.close();
  }
}

// Reads are split so no single request exceeds what one read() call may transfer.
const MAX_READ = 1 << 30;

/** Reads exactly `length` bytes at `position` into fresh, aligned memory; fewer bytes available means the file is truncated. */
export async function readExactly(file: OpenFile, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.handle.read(bytes, done, Math.min(length - done, MAX_READ), position + done);
    if (bytesRead === 0) {
      throw new FormatError(
        'truncated',
        file.path,
        `expected ${length} bytes at offset ${position} but the file ends after ${done}`,
      );
    }
    done += bytesRead;
  }
  return bytes;
}

export async function readWholeFile(path: string): Promise<Uint8Array> {
  return withOpenFile(path, (file) => readExactly(file, 0, file.size));
}

function fileSystemError(path: string, err: unknown): FormatError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FormatError('not-found', path, 'file does not exist');
  return new FormatError('io', path, `cannot read file (${code ?? String(err)})`);
}
