/** Messages between the host and a Hedging panel (a hedging job while it runs, or a saved hedging run). */
import { readChartExport, type ChartExport } from './chartExport';
import { readDataExport, type DataExport } from './dataExport';
import {
  parseHedgingOutcome,
  parseHedgingPart,
  parseHedgingRunRecord,
  parseHedgingSettings,
  type HedgingOutcome,
  type HedgingPart,
  type HedgingRunRecord,
  type HedgingSettings,
} from './hedgingData';
import { FieldReader } from './validate';

export type ToHedgingView =
  /** A job started: what it runs. */
  | { kind: 'running'; id: string; settings: HedgingSettings }
  /** A part finished while the job goes on. */
  | { kind: 'part'; part: HedgingPart }
  /** Step-level progress, for the status line. */
  | { kind: 'progress'; message: string }
  /** The saved run (complete, or what finished before Cancel), from its folder. */
  | { kind: 'record'; record: HedgingRunRecord; folder: string }
  | { kind: 'error'; message: string };

/** `copyPython`: the host puts Python that reproduces this outcome's numbers on the clipboard. */
export type FromHedgingView = { kind: 'ready' } | ChartExport | DataExport | { kind: 'copyPython'; outcome: HedgingOutcome };

export function parseToHedgingView(value: unknown): ToHedgingView {
  const m = new FieldReader(value, 'hedging view message');
  const kind = m.oneOf('kind', ['running', 'part', 'progress', 'record', 'error']);
  switch (kind) {
    case 'running':
      return { kind, id: m.string('id'), settings: m.object('settings', parseHedgingSettings) };
    case 'part':
      return { kind, part: m.object('part', parseHedgingPart) };
    case 'progress':
      return { kind, message: m.string('message') };
    case 'record':
      return { kind, record: m.object('record', parseHedgingRunRecord), folder: m.string('folder') };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromHedgingView(value: unknown): FromHedgingView {
  const m = new FieldReader(value, 'hedging panel message');
  const kind = m.oneOf('kind', ['ready', 'exportChart', 'exportData', 'copyPython']);
  if (kind === 'copyPython') return { kind, outcome: m.object('outcome', parseHedgingOutcome) };
  return kind === 'exportChart' ? readChartExport(m) : kind === 'exportData' ? readDataExport(m) : { kind };
}
