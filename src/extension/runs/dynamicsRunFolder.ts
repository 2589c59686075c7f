/**
 * Saved LLC and influence runs on disk, without VS Code: `<runs>/<id>/` holds params.json (the settings) and
 * metrics.json (a DynamicsRunRecord: the outcome, complete or what finished before Cancel), written under a staging
 * name and renamed into place like every run, so a reader never sees half a run.
 */
import { join } from 'node:path';
import { parseDynamicsRunRecord, parseInfluenceSettings, parseLlcSettings, type DynamicsRunRecord } from '../../shared/protocol';
import { listRecords, readJson, saveRecord } from './recordFolders';
import { METRICS_FILE, PARAMS_FILE, runStamp } from './runFolder';

/** `YYYYMMDD-HHMMSS-llc-<model|run>` or `…-influence`: sorts with the other runs, and says what it is. */
export function dynamicsRunId(started: Date, record: Pick<DynamicsRunRecord, 'kind' | 'settings'>): string {
  if (record.kind === 'influence') return `${runStamp(started)}-influence`;
  const s = record.settings as Extract<DynamicsRunRecord, { kind: 'llc' }>['settings'];
  return `${runStamp(started)}-llc-${s.mode === 'family' ? s.model : 'run'}`;
}

/** Writes the run's folder whole; returns its path. */
export function saveDynamicsRun(runsDir: string, record: DynamicsRunRecord): Promise<string> {
  return saveRecord(runsDir, record);
}

export async function readDynamicsRun(folder: string): Promise<DynamicsRunRecord> {
  const record = parseDynamicsRunRecord(await readJson(join(folder, METRICS_FILE)), `${folder}/${METRICS_FILE}`);
  const params = await readJson(join(folder, PARAMS_FILE));
  const where = `${folder}/${PARAMS_FILE}`;
  return record.kind === 'llc' ? { ...record, settings: parseLlcSettings(params, where) } : { ...record, settings: parseInfluenceSettings(params, where) };
}

/** Saved LLC and influence runs, newest first; other folders are skipped. */
export function listDynamicsRuns(runsDir: string): Promise<DynamicsRunRecord[]> {
  return listRecords(runsDir, readDynamicsRun);
}
