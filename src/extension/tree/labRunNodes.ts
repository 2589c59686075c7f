/** Saved Dynamics lab runs in the SAE Scope view: one item each, which reopens its lab panel. */
import type * as vscode from 'vscode';
import type { LabRunRecord } from '../../shared/protocol';
import { describeOutcome, describeSettings } from '../lab/labSummary';
import { listLabRuns } from '../runs/labRunFolder';
import { savedRunItem, savedRunNodes, type SavedRunNode } from './savedRunItem';

export type LabRunNode = SavedRunNode<'labRun', LabRunRecord>;

export function labRunNodes(runsDir: string): Promise<LabRunNode[]> {
  return savedRunNodes('labRun', runsDir, listLabRuns);
}

export function labRunItem({ folder, record }: LabRunNode): vscode.TreeItem {
  return savedRunItem(record.id, folder, {
    icon: 'graph-line',
    description: describeOutcome(record.outcome),
    tooltip: `dynamics lab: ${describeSettings(record.settings)}, ${record.seconds.toFixed(1)} s`,
    contextValue: 'saescope.labRun',
    command: 'saescope.openLabRun',
    commandTitle: 'Open Lab Run',
  });
}
