/** Saved hedging runs in the SAE Scope view: one item each, which reopens its Hedging panel. */
import type * as vscode from 'vscode';
import type { HedgingRunRecord } from '../../shared/protocol';
import { describeOutcome } from '../hedging/hedgingSummary';
import { listHedgingRuns } from '../runs/hedgingRunFolder';
import { savedRunItem, savedRunNodes, type SavedRunNode } from './savedRunItem';

export type HedgingRunNode = SavedRunNode<'hedgingRun', HedgingRunRecord>;

export function hedgingRunNodes(runsDir: string): Promise<HedgingRunNode[]> {
  return savedRunNodes('hedgingRun', runsDir, listHedgingRuns);
}

export function hedgingRunItem({ folder, record }: HedgingRunNode): vscode.TreeItem {
  return savedRunItem(record.id, folder, {
    icon: 'pulse',
    description: describeOutcome(record.outcome),
    tooltip: `hedging diagnostics (${record.settings.mode}), ${record.seconds.toFixed(1)} s`,
    contextValue: 'saescope.hedgingRun',
    command: 'saescope.openHedgingRun',
    commandTitle: 'Open Hedging Run',
  });
}
