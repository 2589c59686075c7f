/** Saved hedging runs in the SAE Scope view: one item each, which reopens its Hedging panel. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HedgingRunRecord } from '../../shared/protocol';
import { describeOutcome } from '../hedging/hedgingSummary';
import { listHedgingRuns } from '../runs/hedgingRunFolder';

export interface HedgingRunNode {
  kind: 'hedgingRun';
  folder: string;
  record: HedgingRunRecord;
}

export async function hedgingRunNodes(runsDir: string): Promise<HedgingRunNode[]> {
  return (await listHedgingRuns(runsDir)).map((record) => ({ kind: 'hedgingRun', folder: path.join(runsDir, record.id), record }));
}

export function hedgingRunItem({ folder, record }: HedgingRunNode): vscode.TreeItem {
  const item = new vscode.TreeItem(record.id, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('pulse');
  item.description = describeOutcome(record.outcome);
  item.tooltip = `hedging diagnostics (${record.settings.mode}), ${record.seconds.toFixed(1)} s\n${folder}`;
  item.contextValue = 'saescope.hedgingRun';
  item.resourceUri = vscode.Uri.file(folder);
  item.command = { command: 'saescope.openHedgingRun', title: 'Open Hedging Run', arguments: [vscode.Uri.file(folder)] };
  return item;
}
