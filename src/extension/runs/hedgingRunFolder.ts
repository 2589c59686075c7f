/**
 * Saved hedging diagnostics on disk, without VS Code: `<runs>/<id>/` holds params.json (the settings) and
 * metrics.json (a HedgingRunRecord: the outcome, complete or what finished before Cancel). The folder is written
 * under a staging name and renamed into place, like a training run, so a reader never sees half a run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHedgingRunRecord, parseHedgingSettings, type HedgingRunRecord, type HedgingSettings } from '../../shared/protocol';
import { commitRun, discardRun, METRICS_FILE, PARAMS_FILE, runStamp, stageRun } from './runFolder';

/** `YYYYMMDD-HHMMSS-hedging-<mode>`: sorts with the other runs, and says what it is. */
export function hedgingRunId(started: Date, settings: HedgingSettings): string {
  return `${runStamp(started)}-hedging-${settings.mode}`;
}

/** Writes the run's folder whole; returns its path. */
export async function saveHedgingRun(runsDir: string, record: HedgingRunRecord): Promise<string> {
  const staged = await stageRun(runsDir, record.id, record.settings);
  try {
    return await commitRun(staged, record);
  } catch (e) {
    await discardRun(staged);
    throw e;
  }
}

export async function readHedgingRun(folder: string): Promise<HedgingRunRecord> {
  const record = parseHedgingRunRecord(await readJson(join(folder, METRICS_FILE)), `${folder}/${METRICS_FILE}`);
  const settings = parseHedgingSettings(await readJson(join(folder, PARAMS_FILE)), `${folder}/${PARAMS_FILE}`);
  return { ...record, settings };
}

/** Saved hedging runs, newest first; folders that are not hedging runs (training runs, others) are skipped. */
export async function listHedgingRuns(runsDir: string): Promise<HedgingRunRecord[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const runs: HedgingRunRecord[] = [];
  for (const name of names.filter((n) => !n.startsWith('.'))) {
    try {
      if ((await stat(join(runsDir, name))).isDirectory()) runs.push(await readHedgingRun(join(runsDir, name)));
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
