/**
 * Saved alignment runs on disk, without VS Code: `<runs>/<id>/` holds params.json (the AlignSettings) and
 * metrics.json (an AlignRunRecord: both tables, per-unit scores, each side's SAE). Written under a staging name and
 * renamed into place, like every run, so a reader never sees half a run; reopening reads it and computes nothing.
 */
import { parseAlignRunRecord, parseAlignSettings, type AlignRunRecord } from '../../shared/protocol';
import { listRecords, readRecord, saveRecord } from './recordFolders';
import { runStamp } from './runFolder';

/** `YYYYMMDD-HHMMSS-align`: sorts with the other runs, and says what it is. */
export function alignRunId(started: Date): string {
  return `${runStamp(started)}-align`;
}

/** Writes the run's folder whole; returns its path. */
export function saveAlignRun(runsDir: string, record: AlignRunRecord): Promise<string> {
  return saveRecord(runsDir, record);
}

export function readAlignRun(folder: string): Promise<AlignRunRecord> {
  return readRecord(folder, parseAlignRunRecord, parseAlignSettings);
}

/** Saved alignment runs, newest first. */
export function listAlignRuns(runsDir: string): Promise<AlignRunRecord[]> {
  return listRecords(runsDir, readAlignRun);
}
