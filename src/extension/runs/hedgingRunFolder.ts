/**
 * Saved hedging diagnostics on disk, without VS Code: `<runs>/<id>/` holds params.json (the settings) and
 * metrics.json (a HedgingRunRecord: the outcome, complete or what finished before Cancel). The folder is written
 * under a staging name and renamed into place, like a training run, so a reader never sees half a run.
 */
import { parseHedgingRunRecord, parseHedgingSettings, type HedgingRunRecord, type HedgingSettings } from '../../shared/protocol';
import { listRecords, readRecord, saveRecord } from './recordFolders';
import { runStamp } from './runFolder';

/** `YYYYMMDD-HHMMSS-hedging-<mode>`: sorts with the other runs, and says what it is. */
export function hedgingRunId(started: Date, settings: HedgingSettings): string {
  return `${runStamp(started)}-hedging-${settings.mode}`;
}

/** Writes the run's folder whole; returns its path. */
export function saveHedgingRun(runsDir: string, record: HedgingRunRecord): Promise<string> {
  return saveRecord(runsDir, record);
}

export function readHedgingRun(folder: string): Promise<HedgingRunRecord> {
  return readRecord(folder, parseHedgingRunRecord, parseHedgingSettings);
}

/** Saved hedging runs, newest first; folders that are not hedging runs (training runs, others) are skipped. */
export function listHedgingRuns(runsDir: string): Promise<HedgingRunRecord[]> {
  return listRecords(runsDir, readHedgingRun);
}
