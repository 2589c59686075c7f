/** Saved LLC and influence runs in the SAE Scope view: one item each, which reopens its Dynamics panel. */
import type * as vscode from 'vscode';
import type { DynamicsRunRecord } from '../../shared/protocol';
import { describeRecord } from '../dynamics/dynamicsSummary';
import { listDynamicsRuns } from '../runs/dynamicsRunFolder';
import { savedRunItem, savedRunNodes, type SavedRunNode } from './savedRunItem';

export type DynamicsRunNode = SavedRunNode<'dynamicsRun', DynamicsRunRecord>;

export function dynamicsRunNodes(runsDir: string): Promise<DynamicsRunNode[]> {
  return savedRunNodes('dynamicsRun', runsDir, listDynamicsRuns);
}

export function dynamicsRunItem({ folder, record }: DynamicsRunNode): vscode.TreeItem {
  return savedRunItem(record.id, folder, {
    icon: record.kind === 'llc' ? 'symbol-constant' : 'git-compare',
    description: describeRecord(record),
    tooltip: `${record.kind === 'llc' ? 'local learning coefficient' : 'influence trajectories'}, ${record.seconds.toFixed(1)} s`,
    contextValue: 'saescope.dynamicsRun',
    command: 'saescope.openDynamicsRun',
    commandTitle: 'Open Run',
  });
}
