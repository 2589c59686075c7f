/**
 * A file summary from the engine as text: scalars as `key: value`, objects as indented `key: value` lines,
 * and lists (tensors, graph inputs and outputs) as aligned rows of their fields' values.
 */
export function summaryLines(summary: object): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(summary)) {
    if (Array.isArray(value)) {
      lines.push(`${key} (${value.length}):`, ...alignColumns(value.map(rowCells)).map((row) => `  ${row}`));
    } else if (isRecord(value)) {
      lines.push(`${key}:`, ...Object.entries(value).map(([k, v]) => `  ${k}: ${cellText(v)}`));
    } else {
      lines.push(`${key}: ${cellText(value)}`);
    }
  }
  return lines;
}

function rowCells(item: unknown): string[] {
  return isRecord(item) ? Object.values(item).map(cellText) : [cellText(item)];
}

function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return `[${value.join(', ')}]`;
  return JSON.stringify(value);
}

function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
