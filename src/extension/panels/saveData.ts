/** Saves data a panel exported as CSV or JSON (see src/shared/dataExport.ts for how panels build it). */
import type * as vscode from 'vscode';
import type { DataExport } from '../../shared/dataExport';
import { saveToChosenFile } from './saveFile';

/** Asks where to save `<name>.csv` / `.json` and writes it atomically; undefined when the user cancelled. */
export function saveData(exported: DataExport): Promise<vscode.Uri | undefined> {
  const label = exported.format === 'csv' ? 'CSV (comma-separated values)' : 'JSON';
  return saveToChosenFile(exported.name, exported.format, label, new TextEncoder().encode(exported.data));
}
