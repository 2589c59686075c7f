/**
 * Saved L0 sweeps on disk, without VS Code: `<runs>/<id>/` holds params.json (the settings) and metrics.json (an
 * L0RunRecord: every SAE's row, the recommended L0 and its rule). The folder is written under a staging name and
 * renamed into place, like a training run, so a reader never sees half a run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseL0RunRecord, parseL0SweepSettings, type L0RunRecord, type L0SweepSettings } from '../../shared/protocol';
import { commitRun, discardRun, METRICS_FILE, PARAMS_FILE, runStamp, stageRun } from './runFolder';

/** `YYYYMMDD-HHMMSS-l0-<arch>`: sorts with training runs, and says what it is. */
export function l0RunId(started: Date, settings: L0SweepSettings): string {
  return `${runStamp(started)}-l0-${settings.arch}`;
}

/** Writes the run's folder whole; returns its path. */
export async function saveL0Run(runsDir: string, record: L0RunRecord): Promise<string> {
  const staged = await stageRun(runsDir, record.id, record.settings);
  try {
    return await commitRun(staged, record);
  } catch (e) {
    await discardRun(staged);
    throw e;
  }
}

export async function readL0Run(folder: string): Promise<L0RunRecord> {
  const record = parseL0RunRecord(await readJson(join(folder, METRICS_FILE)), `${folder}/${METRICS_FILE}`);
  const settings = parseL0SweepSettings(await readJson(join(folder, PARAMS_FILE)), `${folder}/${PARAMS_FILE}`);
  return { ...record, settings };
}

/** Saved L0 sweeps, newest first; folders that are not L0 sweeps (training runs, others) are skipped. */
export async function listL0Runs(runsDir: string): Promise<L0RunRecord[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const runs: L0RunRecord[] = [];
  for (const name of names.filter((n) => !n.startsWith('.'))) {
    try {
      if ((await stat(join(runsDir, name))).isDirectory()) runs.push(await readL0Run(join(runsDir, name)));
    } catch {
      // another kind of run, or not a run
    }
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}
