/** Reading saved runs of one kind out of the runs folder, for run kinds whose folder is params.json + metrics.json. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Every run folder `read` accepts, newest first; folders it refuses (other kinds of run, or not runs) are skipped. */
export async function listRecords<T extends { startedAt: string; id: string }>(runsDir: string, read: (folder: string) => Promise<T>): Promise<T[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const runs: T[] = [];
  for (const name of names.filter((n) => !n.startsWith('.'))) {
    try {
      if ((await stat(join(runsDir, name))).isDirectory()) runs.push(await read(join(runsDir, name)));
    } catch {
      // another kind of run, or not a run
    }
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}
