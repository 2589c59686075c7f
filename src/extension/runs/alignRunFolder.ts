/**
 * Saved alignment runs on disk, without VS Code: `<runs>/<id>/` holds params.json (the AlignSettings) and
 * metrics.json (an AlignRunRecord: both tables, per-unit scores, each side's SAE). Written under a staging name and
 * renamed into place, like every run, so a reader never sees half a run; reopening reads it and computes nothing.
 */
import { join } from 'node:path';
import { parseAlignRunRecord, parseAlignSettings, type AlignRunRecord } from '../../shared/protocol';
import { listRecords, readJson } from './recordFolders';
import { commitRun, discardRun, METRICS_FILE, PARAMS_FILE, runStamp, stageRun } from './runFolder';

/** `YYYYMMDD-HHMMSS-align`: sorts with the other runs, and says what it is. */
export function alignRunId(started: Date): string {
  return `${runStamp(started)}-align`;
}

/** Writes the run's folder whole; returns its path. */
export async function saveAlignRun(runsDir: string, record: AlignRunRecord): Promise<string> {
  const staged = await stageRun(runsDir, record.id, record.settings);
  try {
    return await commitRun(staged, record);
  } catch (e) {
    await discardRun(staged);
    throw e;
  }
}

export async function readAlignRun(folder: string): Promise<AlignRunRecord> {
  const record = parseAlignRunRecord(await readJson(join(folder, METRICS_FILE)), `${folder}/${METRICS_FILE}`);
  const settings = parseAlignSettings(await readJson(join(folder, PARAMS_FILE)), `${folder}/${PARAMS_FILE}`);
  return { ...record, settings };
}

/** Saved alignment runs, newest first. */
export function listAlignRuns(runsDir: string): Promise<AlignRunRecord[]> {
  return listRecords(runsDir, readAlignRun);
}
