/** A run's data for Export CSV / JSON: the history (one row per report) as CSV, the whole run as JSON. */
import type { ExportContent } from '../../shared/dataExport';
import type { RunViewState } from './runView';

export function runExport(run: RunViewState): ExportContent {
  if (run.kind === 'toy') {
    // Records of a preset share their keys, but a metric may start part-way: columns are the union, in first-seen order.
    const columns = [...new Set(run.records.flatMap((r) => Object.keys(r)))];
    return { table: { columns, rows: run.records.map((r) => columns.map((c) => r[c] ?? null)) }, json: run };
  }
  const columns = ['step', 'totalSteps', 'loss', 'l0', 'explainedVariance', 'deadFraction'] as const;
  return { table: { columns: [...columns], rows: run.history.map((p) => columns.map((c) => p[c])) }, json: run };
}
