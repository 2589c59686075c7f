/** The palette and context-menu commands, each a thin step from a user's choice to a panel or a job. */
import * as vscode from 'vscode';
import { pickDataSource } from './dataSourcePick';
import type { EngineClient } from './engineClient';
import { EngineInfoPanel } from './engineInfoPanel';
import { SAE_INSPECTOR_VIEW_TYPE } from './inspector/saeEditorProvider';
import { ComparePanel } from './panels/comparePanel';
import { RunPanel } from './panels/runPanel';
import { trainSaeCommand } from './runs/trainCommand';
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
    vscode.commands.registerCommand('saescope.compareCheckpoints', (clicked?: vscode.Uri, selected?: vscode.Uri[]) =>
      compareCheckpoints(panelDeps, clicked, selected),
    ),
    vscode.commands.registerCommand('saescope.showRuns', () => vscode.commands.executeCommand('saescope.explorer.focus')),
    vscode.commands.registerCommand('saescope.refreshView', () => deps.tree.refresh()),
    vscode.commands.registerCommand('saescope.openRun', (folder: vscode.Uri) => RunPanel.open(deps, folder.fsPath)),
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
