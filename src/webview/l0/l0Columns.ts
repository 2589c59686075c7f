/** The per-L0 table's columns: header, formula (shown on hover), value; shared by the table and the CSV export. */
import { L0_FORMULAS, type L0SweepRow } from '../../shared/protocol';
import type { DataTable } from '../../shared/dataExport';

export interface L0Column {
  id: string;
  label: string;
  formula: string;
  value(row: L0SweepRow): number | null;
  digits: number;
}

export function l0Columns(rows: readonly L0SweepRow[], jumprelu: boolean): L0Column[] {
  const ns = rows[0]?.projections.map((p) => p.n) ?? [];
  const truth = rows.some((r) => r.mmcs !== null);
  return [
    jumprelu
      ? { id: 'coefficient', label: 'λ_s', formula: 'JumpReLU sparsity coefficient (tanh penalty); its L0 is measured', value: (r) => r.coefficient, digits: 3 }
      : { id: 'k', label: 'k', formula: 'BatchTopK / TopK: latents kept per row on average', value: (r) => r.k, digits: 2 },
    { id: 'l0', label: 'L0', formula: L0_FORMULAS.l0, value: (r) => r.l0, digits: 2 },
    { id: 'c_dec', label: 'c_dec', formula: L0_FORMULAS.cDec, value: (r) => r.cDec, digits: 4 },
    ...ns.map((n): L0Column => ({ id: `s_${n}`, label: `s_${n}^dec`, formula: L0_FORMULAS.projection.replace(/\bn\b/g, String(n)), value: (r) => r.projections.find((p) => p.n === n)?.value ?? null, digits: 4 })),
    { id: 'mse', label: 'MSE', formula: L0_FORMULAS.mse, value: (r) => r.mse, digits: 4 },
    { id: 'explained_variance', label: 'EV', formula: L0_FORMULAS.explainedVariance, value: (r) => r.explainedVariance, digits: 4 },
    { id: 'fve_uncentred', label: 'FVE', formula: L0_FORMULAS.explainedVarianceUncentred, value: (r) => r.explainedVarianceUncentred, digits: 4 },
    { id: 'dead', label: 'dead', formula: L0_FORMULAS.deadLatents, value: (r) => r.deadLatents, digits: 0 },
    ...(truth
      ? [
          { id: 'mmcs', label: 'MMCS', formula: L0_FORMULAS.mmcs, value: (r: L0SweepRow) => r.mmcs, digits: 3 },
          { id: 'gt_mse', label: 'GT MSE', formula: L0_FORMULAS.groundTruthMse, value: (r: L0SweepRow) => r.groundTruthMse, digits: 4 },
        ]
      : []),
  ];
}

/** Rows in order of L0, as the curves and the table show them. */
export function byL0(rows: readonly L0SweepRow[]): L0SweepRow[] {
  return [...rows].sort((a, b) => a.l0 - b.l0 || a.index - b.index);
}

/** The table as CSV/JSON export data, with a column saying which row is recommended. */
export function l0Table(rows: readonly L0SweepRow[], jumprelu: boolean, recommendedIndex: number | null): DataTable {
  const columns = l0Columns(rows, jumprelu);
  return {
    columns: [...columns.map((c) => c.id), 'recommended'],
    rows: byL0(rows).map((row) => [...columns.map((c) => c.value(row)), row.index === recommendedIndex]),
  };
}
