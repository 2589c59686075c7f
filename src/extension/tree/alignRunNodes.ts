/** Saved alignment runs in the SAE Scope view's Runs: one item each, which reopens its Alignment panel. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AlignRunRecord } from '../../shared/protocol';
import { listAlignRuns } from '../runs/alignRunFolder';

export interface AlignRunNode {
  kind: 'alignRun';
  folder: string;
  record: AlignRunRecord;
}

export async function alignRunNodes(runsDir: string): Promise<AlignRunNode[]> {
  return (await listAlignRuns(runsDir)).map((record) => ({ kind: 'alignRun', folder: path.join(runsDir, record.id), record }));
}

/** "semi 0.32 → 0.79": N→N against SAE→SAE, A→B. */
export function describeAlignment(record: AlignRunRecord): string {
  const [base, , disentangled] = record.outcome.directions[0].table;
  return `semi ${base.semi.mean.toFixed(2)} → ${disentangled.semi.mean.toFixed(2)} · ridge ${base.ridge.mean.toFixed(2)} → ${disentangled.ridge.mean.toFixed(2)}`;
}

export function alignRunItem({ folder, record }: AlignRunNode): vscode.TreeItem {
  const item = new vscode.TreeItem(record.id, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('arrow-swap');
  item.description = describeAlignment(record);
  item.tooltip = `alignment of ${record.settings.a} → ${record.settings.b}, ${record.seconds.toFixed(1)} s\n${folder}`;
  item.contextValue = 'saescope.alignRun';
  item.resourceUri = vscode.Uri.file(folder);
  item.command = { command: 'saescope.openAlignRun', title: 'Open Alignment Run', arguments: [vscode.Uri.file(folder)] };
  return item;
}
