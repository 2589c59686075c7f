/** Reading saved runs of one kind out of the runs folder, for run kinds whose folder is params.json + metrics.json. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { commitRun, discardRun, METRICS_FILE, PARAMS_FILE, stageRun } from './runFolder';

/** Writes a run's folder whole under a staging name, renamed into place so a reader never sees half a run; returns its path. */
export async function saveRecord(runsDir: string, record: { id: string; settings: object }): Promise<string> {
  const staged = await stageRun(runsDir, record.id, record.settings);
  try {
    return await commitRun(staged, record);
  } catch (e) {
    await discardRun(staged);
    throw e;
  }
}

/** A run's record from metrics.json, with its settings from params.json. */
export async function readRecord<R extends { settings: unknown }>(
  folder: string,
  parseRecord: (value: unknown, what: string) => R,
  parseSettings: (value: unknown, what: string) => R['settings'],
): Promise<R> {
  const record = parseRecord(await readJson(join(folder, METRICS_FILE)), `${folder}/${METRICS_FILE}`);
  const settings = parseSettings(await readJson(join(folder, PARAMS_FILE)), `${folder}/${PARAMS_FILE}`);
  return { ...record, settings };
}

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
