/**
 * A panel's data as a file: a table written as CSV or JSON, or any JSON document. Webviews build the file's text
 * with `dataExport` (or the <saescope-export-data> buttons, src/webview/shared/exportButtons.ts) and post the
 * message; the host's `saveData` (src/extension/panels/saveData.ts) asks where to save it and writes it atomically. The same functions serve the host when it exports data the webview does not hold.
 */
import { FieldReader } from './validate';

export type DataFormat = 'csv' | 'json';
export type Cell = string | number | boolean | null;

/** Rows of cells under named columns; every row has one cell per column. */
export interface DataTable {
  columns: string[];
  rows: Cell[][];
}

/** What a panel exports: a table (CSV, and JSON as one object per row) and optionally a richer JSON document. */
export interface ExportContent {
  table: DataTable;
  /** Replaces the table in JSON exports (e.g. a whole result, with settings and summary beside the rows). */
  json?: unknown;
}

/** A webview → host message: save `data` (the file's text) as `<name>.<format>` wherever the user chooses. */
export interface DataExport {
  kind: 'exportData';
  format: DataFormat;
  /** Suggested file name without extension. */
  name: string;
  data: string;
}

export function dataExport(format: DataFormat, name: string, content: ExportContent): DataExport {
  const data = format === 'csv' ? tableToCsv(content.table) : toJsonText(content.json ?? tableToRecords(content.table));
  return { kind: 'exportData', format, name, data };
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends: cells holding a comma, quote or line break are quoted, quotes
 * doubled. Numbers keep every digit JavaScript needs to read them back exactly; null is an empty cell, and
 * non-finite numbers are written as pandas reads them (nan, inf, -inf).
 */
export function tableToCsv(table: DataTable): string {
  const lines = [table.columns, ...table.rows].map((row, i) => {
    if (row.length !== table.columns.length) throw new Error(`row ${i} has ${row.length} cells for ${table.columns.length} columns`);
    return row.map(csvCell).join(',');
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** One object per row, keyed by column name. */
export function tableToRecords(table: DataTable): Record<string, Cell>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, i) => [column, row[i]])));
}

/** Indented JSON; NaN and ±Infinity (which JSON lacks) become null. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isNaN(cell) ? 'nan' : cell === Infinity ? 'inf' : cell === -Infinity ? '-inf' : String(cell);
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function readDataExport(message: FieldReader): DataExport {
  const format = message.oneOf('format', ['csv', 'json']);
  const data = message.string('data');
  if (format === 'json') {
    try {
      JSON.parse(data);
    } catch (e) {
      throw message.complaintAbout('data', `is not JSON (${(e as Error).message})`);
    }
  }
  return { kind: 'exportData', format, name: message.string('name'), data };
}
