import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FormatError } from './errors';

/**
 * Writes `chunks` to `path` so that readers see either the old file or the complete new one:
 * the data goes to a temporary file in the same directory (so the rename stays on one filesystem),
 * is flushed to disk, and only then renamed over `path`. On failure the temporary file is removed.
 */
export async function atomicWrite(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    for (const chunk of chunks) await writeAll(handle, chunk);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
  } catch (err) {
    await handle?.close();
    await fs.rm(temp, { force: true });
    if (err instanceof FormatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new FormatError('io', path, `cannot write file (${code ?? String(err)})`);
  }
}

async function writeAll(handle: fs.FileHandle, chunk: Uint8Array): Promise<void> {
  // One write may transfer less than asked (Linux caps a write near 2 GiB).
  for (let done = 0; done < chunk.length; ) {
    const { bytesWritten } = await handle.write(chunk, done, chunk.length - done);
    done += bytesWritten;
  }
}
