/** Messages between the host and an L0 Diagnostics panel (one sweep: live, or reopened from its run folder). */
import { readChartExport, type ChartExport } from './chartExport';
import { readDataExport, type DataExport } from './dataExport';
import {
  parseL0Recommendation,
  parseL0RunRecord,
  parseL0SweepRow,
  parseL0SweepSettings,
  parseL0SweepStart,
  type L0RecommendationData,
  type L0RunRecord,
  type L0SweepRow,
  type L0SweepSettings,
  type L0SweepStart,
} from './l0Data';
import { FieldReader } from './validate';

export type ToL0View =
  /** A sweep that has started: its settings; rows follow as each SAE finishes. */
  | { kind: 'live'; id: string; settings: L0SweepSettings }
  | { kind: 'progress'; message: string; fraction: number }
  | { kind: 'start'; start: L0SweepStart }
  /** An SAE that finished, and the recommendation over the rows so far. */
  | { kind: 'row'; row: L0SweepRow; recommended: L0RecommendationData | null }
  /** The saved run (complete, or cancelled with the rows that finished). */
  | { kind: 'record'; record: L0RunRecord; folder: string }
  | { kind: 'error'; message: string };

/** What "Copy as Python" reproduces: the sweep as the panel shows it (rows without their heatmaps). */
export interface L0CopyPython {
  kind: 'copyPython';
  id: string;
  settings: L0SweepSettings;
  width: number | null;
  trueL0: number | null;
  rows: L0SweepRow[];
  recommended: L0RecommendationData | null;
}

export type FromL0View = { kind: 'ready' } | ChartExport | DataExport | L0CopyPython;

export function parseToL0View(value: unknown): ToL0View {
  const m = new FieldReader(value, 'L0 view message');
  const kind = m.oneOf('kind', ['live', 'start', 'progress', 'row', 'record', 'error']);
  switch (kind) {
    case 'live':
      return { kind, id: m.string('id'), settings: m.object('settings', parseL0SweepSettings) };
    case 'progress':
      return { kind, message: m.string('message'), fraction: m.number('fraction') };
    case 'start':
      return { kind, start: m.object('start', parseL0SweepStart) };
    case 'row':
      return { kind, row: m.object('row', parseL0SweepRow), recommended: m.isNull('recommended') ? null : m.object('recommended', parseL0Recommendation) };
    case 'record':
      return { kind, record: m.object('record', parseL0RunRecord), folder: m.string('folder') };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromL0View(value: unknown): FromL0View {
  const m = new FieldReader(value, 'L0 panel message');
  const kind = m.oneOf('kind', ['ready', 'exportChart', 'exportData', 'copyPython']);
  if (kind === 'exportChart') return readChartExport(m);
  if (kind === 'exportData') return readDataExport(m);
  if (kind === 'copyPython') {
    return {
      kind,
      id: m.string('id'),
      settings: m.object('settings', parseL0SweepSettings),
      width: m.isNull('width') ? null : m.integer('width', 1),
      trueL0: m.nullableNumber('trueL0'),
      rows: m.array('rows', parseL0SweepRow),
      recommended: m.isNull('recommended') ? null : m.object('recommended', parseL0Recommendation),
    };
  }
  return { kind };
}
