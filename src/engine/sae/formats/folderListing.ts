import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { FormatError } from '../../io';
import type { FolderListing } from './types';

/** Lists a folder's files and subfolders; symbolic links (as in the Hugging Face cache) count as what they point to. */
export async function listFolder(path: string): Promise<FolderListing> {
  let entries;
  try {
    entries = await fs.readdir(path, { withFileTypes: true });
  } catch (err) {
    throw fileSystemError(path, err);
  }
  const files = new Set<string>();
  const dirs: string[] = [];
  for (const entry of entries) {
    const stat = entry.isSymbolicLink() ? await fs.stat(join(path, entry.name)).catch(() => undefined) : entry;
    if (stat?.isDirectory()) dirs.push(entry.name);
    else if (stat?.isFile()) files.add(entry.name);
  }
  return { path, files, dirs: dirs.sort() };
}

/** Whether `path` is a folder; a FormatError naming it when it does not exist. */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch (err) {
    throw fileSystemError(path, err);
  }
}

function fileSystemError(path: string, err: unknown): FormatError {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? new FormatError('not-found', path, 'no such file or folder')
    : new FormatError('io', path, `cannot read (${code ?? String(err)})`);
}
