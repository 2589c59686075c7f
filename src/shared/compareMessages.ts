/** Messages between the host and a Compare panel. */
import { readChartExport, type ChartExport } from './chartExport';
import { parseCompareResult, type CompareResult } from './compareData';
import { FieldReader } from './validate';

export type ToCompareView =
  | { kind: 'comparing'; a: string; b: string }
  | { kind: 'result'; result: CompareResult }
  | { kind: 'error'; message: string };

export type FromCompareView = { kind: 'ready' } | ChartExport;

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
  return m.oneOf('kind', ['ready', 'exportChart']) === 'exportChart' ? readChartExport(m) : { kind: 'ready' };
}
