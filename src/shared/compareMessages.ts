/** Messages between the host and a Compare panel. */
import { readChartExport, type ChartExport } from './chartExport';
import { MATCH_METHODS, parseCompareResult, type CompareResult, type MatchMethod } from './compareData';
import { readDataExport, type DataExport } from './dataExport';
import { FieldReader } from './validate';

export type ToCompareView =
  | { kind: 'comparing'; a: string; b: string }
  | { kind: 'result'; result: CompareResult }
  | { kind: 'error'; message: string };

/** `copyPython`: the host puts Python that reproduces the matching of these two SAEs on the clipboard. */
export type FromCompareView =
  | { kind: 'ready' }
  | ChartExport
  | DataExport
  | { kind: 'copyPython'; a: string; b: string; threshold: number; method: MatchMethod };

export function parseToCompareView(value: unknown): ToCompareView {
  const m = new FieldReader(value, 'compare view message');
  const kind = m.oneOf('kind', ['comparing', 'result', 'error']);
  switch (kind) {
    case 'comparing':
      return { kind, a: m.string('a'), b: m.string('b') };
    case 'result':
      return { kind, result: m.object('result', parseCompareResult) };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromCompareView(value: unknown): FromCompareView {
  const m = new FieldReader(value, 'compare panel message');
  const kind = m.oneOf('kind', ['ready', 'exportChart', 'exportData', 'copyPython']);
  if (kind === 'exportChart') return readChartExport(m);
  if (kind === 'exportData') return readDataExport(m);
  if (kind === 'copyPython') return { kind, a: m.string('a'), b: m.string('b'), threshold: m.number('threshold'), method: m.oneOf('method', MATCH_METHODS) };
  return { kind };
}
