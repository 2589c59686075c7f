/** Messages between the host and a Run panel (one training run: live, or reopened from its folder). */
import { readChartExport, type ChartExport } from './chartExport';
import { parseRunRecord, parseTrainPoint, parseTrainSettings, type RunRecord, type TrainPoint, type TrainSettings } from './trainData';
import { FieldReader } from './validate';

export type ToRunView =
  /** A run still training: its settings and each progress point as it comes. */
  | { kind: 'live'; id: string; settings: TrainSettings }
  | { kind: 'point'; point: TrainPoint }
  /** The saved record: final metrics and the whole history. */
  | { kind: 'record'; record: RunRecord; folder: string }
  | { kind: 'error'; message: string };

export type FromRunView = { kind: 'ready' } | { kind: 'openSae' } | ChartExport;

export function parseToRunView(value: unknown): ToRunView {
  const m = new FieldReader(value, 'run view message');
  const kind = m.oneOf('kind', ['live', 'point', 'record', 'error']);
  switch (kind) {
    case 'live':
      return { kind, id: m.string('id'), settings: m.object('settings', parseTrainSettings) };
    case 'point':
      return { kind, point: m.object('point', parseTrainPoint) };
    case 'record':
      return { kind, record: m.object('record', parseRunRecord), folder: m.string('folder') };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromRunView(value: unknown): FromRunView {
  const m = new FieldReader(value, 'run panel message');
  const kind = m.oneOf('kind', ['ready', 'openSae', 'exportChart']);
  return kind === 'exportChart' ? readChartExport(m) : { kind };
}
