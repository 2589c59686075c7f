/** Messages between the host and a Dynamics panel (an LLC or influence job while it runs, or its saved run). */
import { readChartExport, type ChartExport } from './chartExport';
import { readDataExport, type DataExport } from './dataExport';
import {
  parseCheckpointLlc,
  parseDynamicsRunRecord,
  parseInfluenceSettings,
  parseLlcSettings,
  type CheckpointLlcView,
  type DynamicsRunRecord,
  type InfluenceSettings,
  type LlcSettings,
} from './dynamicsData';
import { FieldReader } from './validate';

/** What a running job computes. */
export type DynamicsJob = { kind: 'llc'; settings: LlcSettings } | { kind: 'influence'; settings: InfluenceSettings };

export type ToDynamicsView =
  | { kind: 'running'; id: string; job: DynamicsJob }
  /** An LLC job's estimate at one more checkpoint of a run. */
  | { kind: 'checkpoint'; checkpoint: CheckpointLlcView }
  /** Progress, for the status line. */
  | { kind: 'progress'; message: string }
  /** The saved run (complete, or what finished before Cancel), from its folder. */
  | { kind: 'record'; record: DynamicsRunRecord; folder: string }
  | { kind: 'error'; message: string };

/** `copyPython`: the host puts Python that reproduces this run's numbers on the clipboard. */
export type FromDynamicsView = { kind: 'ready' } | ChartExport | DataExport | { kind: 'copyPython'; record: DynamicsRunRecord };

export function parseDynamicsJob(value: unknown, what: string): DynamicsJob {
  const r = new FieldReader(value, what);
  return r.oneOf('kind', ['llc', 'influence']) === 'llc'
    ? { kind: 'llc', settings: r.object('settings', parseLlcSettings) }
    : { kind: 'influence', settings: r.object('settings', parseInfluenceSettings) };
}

export function parseToDynamicsView(value: unknown): ToDynamicsView {
  const m = new FieldReader(value, 'dynamics view message');
  const kind = m.oneOf('kind', ['running', 'checkpoint', 'progress', 'record', 'error']);
  switch (kind) {
    case 'running':
      return { kind, id: m.string('id'), job: m.object('job', parseDynamicsJob) };
    case 'checkpoint':
      return { kind, checkpoint: m.object('checkpoint', parseCheckpointLlc) };
    case 'progress':
      return { kind, message: m.string('message') };
    case 'record':
      return { kind, record: m.object('record', parseDynamicsRunRecord), folder: m.string('folder') };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromDynamicsView(value: unknown): FromDynamicsView {
  const m = new FieldReader(value, 'dynamics panel message');
  const kind = m.oneOf('kind', ['ready', 'exportChart', 'exportData', 'copyPython']);
  if (kind === 'copyPython') return { kind, record: m.object('record', parseDynamicsRunRecord) };
  return kind === 'exportChart' ? readChartExport(m) : kind === 'exportData' ? readDataExport(m) : { kind };
}
