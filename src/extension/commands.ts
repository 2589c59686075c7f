/** The palette and context-menu commands, each a thin step from a user's choice to a panel or a job. */
import * as vscode from 'vscode';
import { alignModelsCommand } from './align/alignCommand';
import { pickDataSource } from './dataSourcePick';
import type { EngineClient } from './engineClient';
import { EngineInfoPanel } from './engineInfoPanel';
import { runHedgingCommand } from './hedging/hedgingCommand';
import { estimateLlcCommand } from './dynamics/llcCommand';
import { influenceCommand } from './dynamics/influenceCommand';
import { openDynamicsLabCommand } from './lab/labCommand';
import { runL0DiagnosticsCommand, runL0DiagnosticsOnDataCommand } from './l0/l0Command';
import { SAE_INSPECTOR_VIEW_TYPE } from './inspector/saeEditorProvider';
import { AlignPanel } from './panels/alignPanel';
import { ComparePanel } from './panels/comparePanel';
import { DynamicsPanel } from './panels/dynamicsPanel';
import { HedgingPanel } from './panels/hedgingPanel';
import { L0Panel } from './panels/l0Panel';
import { LabPanel } from './panels/labPanel';
import { RunPanel } from './panels/runPanel';
import { trainSaeCommand } from './runs/trainCommand';
import { trainToyModelCommand } from './runs/toyTrainCommand';
import { pickSae, weightsFileOf } from './saeLocation';
import type { SaeTreeProvider } from './tree/saeTreeProvider';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  client: EngineClient;
  output: vscode.LogOutputChannel;
  tree: SaeTreeProvider;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const panelDeps = { extensionUri: deps.extensionUri, output: deps.output, client: deps.client };
  return [
    vscode.commands.registerCommand('saescope.showEngineInfo', () => EngineInfoPanel.show(deps)),
    vscode.commands.registerCommand('saescope.openSae', (target?: vscode.Uri) => openSae(target)),
    vscode.commands.registerCommand('saescope.trainSae', () => trainSaeCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() })),
    vscode.commands.registerCommand('saescope.trainToyModel', () => trainToyModelCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() })),
    vscode.commands.registerCommand('saescope.compareCheckpoints', (clicked?: vscode.Uri, selected?: vscode.Uri[]) =>
      compareCheckpoints(panelDeps, clicked, selected),
    ),
    vscode.commands.registerCommand('saescope.showRuns', () => vscode.commands.executeCommand('saescope.explorer.focus')),
    vscode.commands.registerCommand('saescope.refreshView', () => deps.tree.refresh()),
    vscode.commands.registerCommand('saescope.openRun', (folder: vscode.Uri) => RunPanel.open(deps, folder.fsPath)),
    vscode.commands.registerCommand('saescope.runL0Diagnostics', () => runL0DiagnosticsCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() })),
    vscode.commands.registerCommand('saescope.runL0DiagnosticsOnData', (target?: vscode.Uri) =>
      runL0DiagnosticsOnDataCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() }, target),
    ),
    vscode.commands.registerCommand('saescope.openL0Run', (folder: vscode.Uri) => L0Panel.open(deps, folder.fsPath)),
    vscode.commands.registerCommand('saescope.runHedging', (target?: vscode.Uri) =>
      runHedgingCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() }, target instanceof vscode.Uri ? target : undefined),
    ),
    vscode.commands.registerCommand('saescope.openHedgingRun', (folder: vscode.Uri) => HedgingPanel.open(deps, folder.fsPath)),
    vscode.commands.registerCommand('saescope.alignModels', (clicked?: vscode.Uri, selected?: vscode.Uri[]) =>
      alignModelsCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() }, clicked, selected),
    ),
    vscode.commands.registerCommand('saescope.openAlignRun', (folder: vscode.Uri) => AlignPanel.open(deps, folder.fsPath)),
    vscode.commands.registerCommand('saescope.estimateLlc', (target?: unknown) => estimateLlcCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() }, target)),
    vscode.commands.registerCommand('saescope.influenceTrajectories', (target?: unknown) => influenceCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() }, target)),
    vscode.commands.registerCommand('saescope.openDynamicsRun', (folder: vscode.Uri) => DynamicsPanel.open(deps, folder.fsPath)),
    vscode.commands.registerCommand('saescope.openDynamicsLab', () => openDynamicsLabCommand({ ...panelDeps, onRunSaved: () => deps.tree.refresh() })),
    // From the explorer a Uri; from the SAE Scope view the run's tree node, which carries its folder.
    vscode.commands.registerCommand('saescope.fitLossVsTime', (target?: vscode.Uri | { folder?: unknown }) =>
      openDynamicsLabCommand(
        { ...panelDeps, onRunSaved: () => deps.tree.refresh() },
        target instanceof vscode.Uri ? target : typeof target?.folder === 'string' ? vscode.Uri.file(target.folder) : undefined,
      ),
    ),
    vscode.commands.registerCommand('saescope.openLabRun', (folder: vscode.Uri) => LabPanel.open(deps, folder.fsPath)),
  ];
}

async function openSae(target?: vscode.Uri): Promise<void> {
  const picked = target ?? (await pickSae('Open SAE (a weights file or its folder)'));
  if (!picked) return;
  const file = await weightsFileOf(picked);
  if (!file) {
    void vscode.window.showErrorMessage(`SAE Scope: no SAE weights found in ${vscode.workspace.asRelativePath(picked)}.`);
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', file, SAE_INSPECTOR_VIEW_TYPE);
}

/** From the explorer with two items selected, compares those; otherwise asks for what is missing. */
async function compareCheckpoints(deps: Parameters<typeof ComparePanel.compare>[0], clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<void> {
  const chosen = selected && selected.length === 2 ? selected : clicked ? [clicked] : [];
  const a = chosen[0] ?? (await pickSae('Compare: first SAE (A)'));
  if (!a) return;
  const b = chosen[1] ?? (await pickSae('Compare: second SAE (B)'));
  if (!b) return;
  const data = await pickDataSource('Compare: data for the metrics (Escape to skip metrics)');
  const [fileA, fileB] = await Promise.all([weightsFileOf(a), weightsFileOf(b)]);
  await ComparePanel.compare(deps, { a: fileA?.fsPath ?? a.fsPath, b: fileB?.fsPath ?? b.fsPath, data: data ?? '' });
}
