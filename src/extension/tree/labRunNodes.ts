/** Saved Dynamics lab runs in the SAE Scope view: one item each, which reopens its lab panel. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabRunRecord } from '../../shared/protocol';
import { describeOutcome, describeSettings } from '../lab/labSummary';
import { listLabRuns } from '../runs/labRunFolder';

export interface LabRunNode {
  kind: 'labRun';
  folder: string;
  record: LabRunRecord;
}

export async function labRunNodes(runsDir: string): Promise<LabRunNode[]> {
  return (await listLabRuns(runsDir)).map((record) => ({ kind: 'labRun', folder: path.join(runsDir, record.id), record }));
}

export function labRunItem({ folder, record }: LabRunNode): vscode.TreeItem {
  const item = new vscode.TreeItem(record.id, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('graph-line');
  item.description = describeOutcome(record.outcome);
  item.tooltip = `dynamics lab: ${describeSettings(record.settings)}, ${record.seconds.toFixed(1)} s\n${folder}`;
  item.contextValue = 'saescope.labRun';
  item.resourceUri = vscode.Uri.file(folder);
  item.command = { command: 'saescope.openLabRun', title: 'Open Lab Run', arguments: [vscode.Uri.file(folder)] };
  return item;
}
