/** Saved L0 sweeps in the SAE Scope view's Runs: one item each, opening its L0 panel from the saved record. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { L0RunRecord } from '../../shared/protocol';
import { listL0Runs } from '../runs/l0RunFolder';

export type L0RunNode = { kind: 'l0Run'; folder: string; record: L0RunRecord };

export async function l0RunNodes(runsDir: string): Promise<L0RunNode[]> {
  return (await listL0Runs(runsDir)).map((record) => ({ kind: 'l0Run', folder: path.join(runsDir, record.id), record }));
}

export function l0RunItem({ folder, record }: L0RunNode): vscode.TreeItem {
  const { outcome } = record;
  const item = new vscode.TreeItem(record.id, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('graph-scatter');
  const recommended = outcome.recommended && `recommended L0 ${outcome.recommended.l0.toFixed(2)}`;
  const status = outcome.cancelled ? `cancelled, ${outcome.rows.length} SAEs` : `${outcome.rows.length} SAEs`;
  item.description = [record.settings.data, status, recommended].filter(Boolean).join(' · ');
  item.tooltip = `L0 sweep: ${outcome.arch}, width ${outcome.width}, ${outcome.steps} steps on ${outcome.data}\n${folder}`;
  item.contextValue = 'saescope.l0Run';
  item.resourceUri = vscode.Uri.file(folder);
  item.command = { command: 'saescope.openL0Run', title: 'Open L0 Sweep', arguments: [vscode.Uri.file(folder)] };
  return item;
}
