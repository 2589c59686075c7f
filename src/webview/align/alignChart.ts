/** The per-unit chart and the panel's data exports. */
import type { DataTable, ExportContent } from '../../shared/dataExport';
import { ALIGN_METRICS, type AlignDirection, type AlignMetric, type AlignRunRecord } from '../../shared/protocol';
import type { LineChartSpec, Series } from '../shared/chartScene';
import { METRIC_NAMES } from './alignTable';

/**
 * Each target unit's score, best first, for the raw units (N→N) and the SAE latents (SAE→SAE), on x = rank/(n − 1)
 * so that curves over different numbers of units (neurons, latents) share one axis.
 */
export function perUnitSpec(d: AlignDirection, metric: AlignMetric): LineChartSpec {
  const curve = (name: string, scores: number[] | undefined): Series[] => {
    if (!scores || scores.length === 0) return [];
    const sorted = [...scores].sort((x, y) => y - x);
    const span = Math.max(1, sorted.length - 1);
    return [{ name: `${name}, ${sorted.length} units`, points: sorted.map((v, i) => [i / span, v]) }];
  };
  const row = (comparison: string) => d.table.find((r) => r.comparison === comparison)?.[metric].perUnit?.score;
  return {
    kind: 'line',
    series: [...curve('raw units (N→N)', row('N→N')), ...curve('SAE latents (SAE→SAE)', row('SAE→SAE'))],
    xLabel: `${d.direction} target units, best first (rank / (n − 1)); y: ${METRIC_NAMES[metric]} per unit`,
  };
}

/** One row per direction × comparison × metric: mean, SEM and every fold. */
export function scoresExport(record: AlignRunRecord): ExportContent {
  const folds = record.outcome.protocol.folds;
  const table: DataTable = {
    columns: ['direction', 'comparison', 'source', 'target', 'metric', 'mean', 'sem', ...Array.from({ length: folds }, (_, k) => `fold_${k + 1}`), 'source_units', 'target_units'],
    rows: record.outcome.directions.flatMap((d) =>
      d.table.flatMap((r) => ALIGN_METRICS.map((m) => [d.direction, r.comparison, r.source, r.target, METRIC_NAMES[m], r[m].mean, r[m].sem, ...r[m].folds, r[m].sourceUnits, r[m].targetUnits])),
    ),
  };
  return { table, json: record };
}

/** Every target unit's score: one row per direction × comparison × metric × unit. */
export function perUnitExport(record: AlignRunRecord): ExportContent {
  const rows = record.outcome.directions.flatMap((d) =>
    d.table.flatMap((r) => ALIGN_METRICS.flatMap((m) => (r[m].perUnit ? r[m].perUnit.unit.map((u, i) => [d.direction, r.comparison, METRIC_NAMES[m], r.target, u, r[m].perUnit!.score[i]]) : []))),
  );
  return { table: { columns: ['direction', 'comparison', 'metric', 'target', 'target_unit', 'score'], rows } };
}
