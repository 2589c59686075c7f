/** Saves a chart a webview exported (webviews cannot write files themselves). */
import * as vscode from 'vscode';
import type { ChartExport } from '../../shared/protocol';

export async function saveChart(chart: ChartExport): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${chart.name.replace(/[^\w.-]+/g, '_')}.${chart.format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: chart.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
  });
  if (!target) return;
  const bytes = chart.format === 'svg' ? new TextEncoder().encode(chart.data) : Buffer.from(chart.data.slice(chart.data.indexOf(',') + 1), 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
}
