/**
 * Saved Dynamics lab runs on disk, without VS Code: `<runs>/<id>/` holds params.json (the settings) and metrics.json
 * (a LabRunRecord: the outcome, complete or what finished before Cancel), written under a staging name and renamed
 * into place like every run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLabRunRecord, parseLabSettings, type LabRunRecord, type LabSettings } from '../../shared/protocol';
import { commitRun, discardRun, METRICS_FILE, PARAMS_FILE, runStamp, stageRun } from './runFolder';

const MODE_NAMES: Record<LabSettings['mode'], string> = { fitTime: 'fit-time', width: 'width', probe: 'probe' };

/** `YYYYMMDD-HHMMSS-lab-<fit-time|width|probe>`: sorts with the other runs, and says what it is. */
export function labRunId(started: Date, settings: LabSettings): string {
  return `${runStamp(started)}-lab-${MODE_NAMES[settings.mode]}`;
}

/** Writes the run's folder whole; returns its path. */
export async function saveLabRun(runsDir: string, record: LabRunRecord): Promise<string> {
  const staged = await stageRun(runsDir, record.id, record.settings);
  try {
    return await commitRun(staged, record);
  } catch (e) {
    await discardRun(staged);
    throw e;
  }
}

export async function readLabRun(folder: string): Promise<LabRunRecord> {
  const record = parseLabRunRecord(await readJson(join(folder, METRICS_FILE)), `${folder}/${METRICS_FILE}`);
  const settings = parseLabSettings(await readJson(join(folder, PARAMS_FILE)), `${folder}/${PARAMS_FILE}`);
  return { ...record, settings };
}

/** Saved lab runs, newest first; folders that are not lab runs are skipped. */
export async function listLabRuns(runsDir: string): Promise<LabRunRecord[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const runs: LabRunRecord[] = [];
  for (const name of names.filter((n) => !n.startsWith('.'))) {
    try {
      if ((await stat(join(runsDir, name))).isDirectory()) runs.push(await readLabRun(join(runsDir, name)));
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
