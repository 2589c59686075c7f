/**
 * Saved Dynamics lab runs on disk, without VS Code: `<runs>/<id>/` holds params.json (the settings) and metrics.json
 * (a LabRunRecord: the outcome, complete or what finished before Cancel), written under a staging name and renamed
 * into place like every run.
 */
import { parseLabRunRecord, parseLabSettings, type LabRunRecord, type LabSettings } from '../../shared/protocol';
import { listRecords, readRecord, saveRecord } from './recordFolders';
import { runStamp } from './runFolder';

const MODE_NAMES: Record<LabSettings['mode'], string> = { fitTime: 'fit-time', width: 'width', probe: 'probe' };

/** `YYYYMMDD-HHMMSS-lab-<fit-time|width|probe>`: sorts with the other runs, and says what it is. */
export function labRunId(started: Date, settings: LabSettings): string {
  return `${runStamp(started)}-lab-${MODE_NAMES[settings.mode]}`;
}

/** Writes the run's folder whole; returns its path. */
export function saveLabRun(runsDir: string, record: LabRunRecord): Promise<string> {
  return saveRecord(runsDir, record);
}

export function readLabRun(folder: string): Promise<LabRunRecord> {
  return readRecord(folder, parseLabRunRecord, parseLabSettings);
}

/** Saved lab runs, newest first; folders that are not lab runs are skipped. */
export function listLabRuns(runsDir: string): Promise<LabRunRecord[]> {
  return listRecords(runsDir, readLabRun);
}
