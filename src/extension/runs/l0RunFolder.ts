/**
 * Saved L0 sweeps on disk, without VS Code: `<runs>/<id>/` holds params.json (the settings) and metrics.json (an
 * L0RunRecord: every SAE's row, the recommended L0 and its rule). The folder is written under a staging name and
 * renamed into place, like a training run, so a reader never sees half a run.
 */
import { parseL0RunRecord, parseL0SweepSettings, type L0RunRecord, type L0SweepSettings } from '../../shared/protocol';
import { listRecords, readRecord, saveRecord } from './recordFolders';
import { runStamp } from './runFolder';

/** `YYYYMMDD-HHMMSS-l0-<arch>`: sorts with training runs, and says what it is. */
export function l0RunId(started: Date, settings: L0SweepSettings): string {
  return `${runStamp(started)}-l0-${settings.arch}`;
}

/** Writes the run's folder whole; returns its path. */
export function saveL0Run(runsDir: string, record: L0RunRecord): Promise<string> {
  return saveRecord(runsDir, record);
}

export function readL0Run(folder: string): Promise<L0RunRecord> {
  return readRecord(folder, parseL0RunRecord, parseL0SweepSettings);
}

/** Saved L0 sweeps, newest first; folders that are not L0 sweeps (training runs, others) are skipped. */
export function listL0Runs(runsDir: string): Promise<L0RunRecord[]> {
  return listRecords(runsDir, readL0Run);
}
