/** Messages between the host and a Run panel (one training run of an SAE or a toy model: live, or reopened from its folder). */
import { readChartExport, type ChartExport } from './chartExport';
import { readDataExport, type DataExport } from './dataExport';
import {
  parseCheckpointEntry,
  parseToyRecord,
  parseToyRunRecord,
  parseToyTrainSettings,
  type CheckpointEntry,
  type ToyRecord,
  type ToyRunRecord,
  type ToyTrainSettings,
} from './toyTrainData';
import { parseRunRecord, parseTrainPoint, parseTrainSettings, type RunRecord, type TrainPoint, type TrainSettings } from './trainData';
import { FieldReader } from './validate';

export type ToRunView =
  /** A run still training: its settings and each progress point as it comes. */
  | { kind: 'live'; id: string; settings: TrainSettings }
  | { kind: 'point'; point: TrainPoint }
  /** The saved record: final metrics and the whole history. */
  | { kind: 'record'; record: RunRecord; folder: string }
  /** A toy model training now, then each of its records as measured. */
  | { kind: 'liveToy'; id: string; settings: ToyTrainSettings }
  | { kind: 'toyRecord'; record: ToyRecord }
  /** A saved toy run (finished or cancelled). */
  | { kind: 'toyRun'; run: ToyRunRecord; folder: string }
  /** A checkpoint just written, its path relative to the run folder. */
  | { kind: 'checkpoint'; checkpoint: CheckpointEntry }
  | { kind: 'error'; message: string };

/** `openCheckpoint`: open an SAE checkpoint the panel lists, by its path relative to the run folder. */
export type FromRunView = { kind: 'ready' } | { kind: 'openSae' } | { kind: 'openCheckpoint'; path: string } | ChartExport | DataExport;

export function parseToRunView(value: unknown): ToRunView {
  const m = new FieldReader(value, 'run view message');
  const kind = m.oneOf('kind', ['live', 'point', 'record', 'liveToy', 'toyRecord', 'toyRun', 'checkpoint', 'error']);
  switch (kind) {
    case 'live':
      return { kind, id: m.string('id'), settings: m.object('settings', parseTrainSettings) };
    case 'point':
      return { kind, point: m.object('point', parseTrainPoint) };
    case 'record':
      return { kind, record: m.object('record', parseRunRecord), folder: m.string('folder') };
    case 'liveToy':
      return { kind, id: m.string('id'), settings: m.object('settings', parseToyTrainSettings) };
    case 'toyRecord':
      return { kind, record: m.object('record', parseToyRecord) };
    case 'toyRun':
      return { kind, run: m.object('run', parseToyRunRecord), folder: m.string('folder') };
    case 'checkpoint':
      return { kind, checkpoint: m.object('checkpoint', parseCheckpointEntry) };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromRunView(value: unknown): FromRunView {
  const m = new FieldReader(value, 'run panel message');
  const kind = m.oneOf('kind', ['ready', 'openSae', 'openCheckpoint', 'exportChart', 'exportData']);
  if (kind === 'openCheckpoint') return { kind, path: m.string('path') };
  if (kind === 'exportData') return readDataExport(m);
  return kind === 'exportChart' ? readChartExport(m) : { kind };
}
