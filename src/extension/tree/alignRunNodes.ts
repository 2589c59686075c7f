/** Saved alignment runs in the SAE Scope view's Runs: one item each, which reopens its Alignment panel. */
import type * as vscode from 'vscode';
import type { AlignRunRecord } from '../../shared/protocol';
import { listAlignRuns } from '../runs/alignRunFolder';
import { savedRunItem, savedRunNodes, type SavedRunNode } from './savedRunItem';

export type AlignRunNode = SavedRunNode<'alignRun', AlignRunRecord>;

export function alignRunNodes(runsDir: string): Promise<AlignRunNode[]> {
  return savedRunNodes('alignRun', runsDir, listAlignRuns);
}

/** "semi 0.32 → 0.79": N→N against SAE→SAE, A→B. */
export function describeAlignment(record: AlignRunRecord): string {
  const [base, , disentangled] = record.outcome.directions[0].table;
  return `semi ${base.semi.mean.toFixed(2)} → ${disentangled.semi.mean.toFixed(2)} · ridge ${base.ridge.mean.toFixed(2)} → ${disentangled.ridge.mean.toFixed(2)}`;
}

export function alignRunItem({ folder, record }: AlignRunNode): vscode.TreeItem {
  return savedRunItem(record.id, folder, {
    icon: 'arrow-swap',
    description: describeAlignment(record),
    tooltip: `alignment of ${record.settings.a} → ${record.settings.b}, ${record.seconds.toFixed(1)} s`,
    contextValue: 'saescope.alignRun',
    command: 'saescope.openAlignRun',
    commandTitle: 'Open Alignment Run',
  });
}
