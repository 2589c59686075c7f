/** Saved LLC and influence runs in the SAE Scope view: one item each, which reopens its Dynamics panel. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DynamicsRunRecord } from '../../shared/protocol';
import { describeRecord } from '../dynamics/dynamicsSummary';
import { listDynamicsRuns } from '../runs/dynamicsRunFolder';

export interface DynamicsRunNode {
  kind: 'dynamicsRun';
  folder: string;
  record: DynamicsRunRecord;
}

export async function dynamicsRunNodes(runsDir: string): Promise<DynamicsRunNode[]> {
  return (await listDynamicsRuns(runsDir)).map((record) => ({ kind: 'dynamicsRun', folder: path.join(runsDir, record.id), record }));
}

export function dynamicsRunItem({ folder, record }: DynamicsRunNode): vscode.TreeItem {
  const item = new vscode.TreeItem(record.id, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(record.kind === 'llc' ? 'symbol-constant' : 'git-compare');
  item.description = describeRecord(record);
  item.tooltip = `${record.kind === 'llc' ? 'local learning coefficient' : 'influence trajectories'}, ${record.seconds.toFixed(1)} s\n${folder}`;
  item.contextValue = 'saescope.dynamicsRun';
  item.resourceUri = vscode.Uri.file(folder);
  item.command = { command: 'saescope.openDynamicsRun', title: 'Open Run', arguments: [vscode.Uri.file(folder)] };
  return item;
}
