/** Messages between the host and an Alignment panel (an alignment job while it runs, or a saved alignment run). */
import { parseAlignRunRecord, parseAlignSettings, type AlignRunRecord, type AlignSettings } from './alignData';
import { readChartExport, type ChartExport } from './chartExport';
import { readDataExport, type DataExport } from './dataExport';
import { FieldReader } from './validate';

export type ToAlignView =
  /** A job started: what it compares. */
  | { kind: 'running'; id: string; settings: AlignSettings }
  /** The latest progress line, and the share done when known. */
  | { kind: 'progress'; message: string; fraction: number | null }
  /** The saved run, from its folder. */
  | { kind: 'record'; record: AlignRunRecord; folder: string }
  | { kind: 'error'; message: string };

/** `copyPython`: the host puts Python that reproduces this run's numbers on the clipboard. */
export type FromAlignView = { kind: 'ready' } | ChartExport | DataExport | { kind: 'copyPython'; record: AlignRunRecord };

export function parseToAlignView(value: unknown): ToAlignView {
  const m = new FieldReader(value, 'alignment view message');
  const kind = m.oneOf('kind', ['running', 'progress', 'record', 'error']);
  switch (kind) {
    case 'running':
      return { kind, id: m.string('id'), settings: m.object('settings', parseAlignSettings) };
    case 'progress':
      return { kind, message: m.string('message'), fraction: m.nullableNumber('fraction') };
    case 'record':
      return { kind, record: m.object('record', parseAlignRunRecord), folder: m.string('folder') };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromAlignView(value: unknown): FromAlignView {
  const m = new FieldReader(value, 'alignment panel message');
  const kind = m.oneOf('kind', ['ready', 'exportChart', 'exportData', 'copyPython']);
  if (kind === 'copyPython') return { kind, record: m.object('record', parseAlignRunRecord) };
  return kind === 'exportChart' ? readChartExport(m) : kind === 'exportData' ? readDataExport(m) : { kind };
}
