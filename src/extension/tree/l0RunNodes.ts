/** Saved L0 sweeps in the SAE Scope view's Runs: one item each, opening its L0 panel from the saved record. */
import type * as vscode from 'vscode';
import type { L0RunRecord } from '../../shared/protocol';
import { listL0Runs } from '../runs/l0RunFolder';
import { savedRunItem, savedRunNodes, type SavedRunNode } from './savedRunItem';

export type L0RunNode = SavedRunNode<'l0Run', L0RunRecord>;

export function l0RunNodes(runsDir: string): Promise<L0RunNode[]> {
  return savedRunNodes('l0Run', runsDir, listL0Runs);
}

export function l0RunItem({ folder, record }: L0RunNode): vscode.TreeItem {
  const { outcome } = record;
  const recommended = outcome.recommended && `recommended L0 ${outcome.recommended.l0.toFixed(2)}`;
  const status = outcome.cancelled ? `cancelled, ${outcome.rows.length} SAEs` : `${outcome.rows.length} SAEs`;
  return savedRunItem(record.id, folder, {
    icon: 'graph-scatter',
    description: [record.settings.data, status, recommended].filter(Boolean).join(' · '),
    tooltip: `L0 sweep: ${outcome.arch}, width ${outcome.width}, ${outcome.steps} steps on ${outcome.data}`,
    contextValue: 'saescope.l0Run',
    command: 'saescope.openL0Run',
    commandTitle: 'Open L0 Sweep',
  });
}
