/** Messages between the host and a Dynamics lab panel (a lab job while it runs, or a saved lab run). */
import { readChartExport, type ChartExport } from './chartExport';
import { readDataExport, type DataExport } from './dataExport';
import { parseLabOutcome, parseLabRunRecord, parseLabSettings, type LabRunRecord, type LabSettings } from './labData';
import { FieldReader } from './validate';

export type ToLabView =
  /** A job started: what it runs. */
  | { kind: 'running'; id: string; settings: LabSettings }
  /** Progress, for the status line. */
  | { kind: 'progress'; message: string }
  /** The saved run (complete, or what finished before Cancel), from its folder. */
  | { kind: 'record'; record: LabRunRecord; folder: string }
  | { kind: 'error'; message: string };

/** `copyPython`: the host puts Python that reproduces this run's numbers on the clipboard. */
export type LabCopyPython = { kind: 'copyPython' } & Pick<LabRunRecord, 'id' | 'settings' | 'outcome'>;

export type FromLabView = { kind: 'ready' } | ChartExport | DataExport | LabCopyPython;

export function parseToLabView(value: unknown): ToLabView {
  const m = new FieldReader(value, 'lab view message');
  const kind = m.oneOf('kind', ['running', 'progress', 'record', 'error']);
  switch (kind) {
    case 'running':
      return { kind, id: m.string('id'), settings: m.object('settings', parseLabSettings) };
    case 'progress':
      return { kind, message: m.string('message') };
    case 'record':
      return { kind, record: m.object('record', parseLabRunRecord), folder: m.string('folder') };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromLabView(value: unknown): FromLabView {
  const m = new FieldReader(value, 'lab panel message');
  const kind = m.oneOf('kind', ['ready', 'exportChart', 'exportData', 'copyPython']);
  if (kind === 'copyPython') return { kind, id: m.string('id'), settings: m.object('settings', parseLabSettings), outcome: m.object('outcome', parseLabOutcome) };
  return kind === 'exportChart' ? readChartExport(m) : kind === 'exportData' ? readDataExport(m) : { kind };
}
