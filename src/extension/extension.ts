import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerSaeCodeLens } from './codeLens/saeCodeLensProvider';
import { EngineClient } from './engineClient';
import { ENGINE_INFO_VIEW_TYPE, EngineInfoPanel } from './engineInfoPanel';
import { SAE_INSPECTOR_OPTION_VIEW_TYPE, SAE_INSPECTOR_VIEW_TYPE, SaeEditorProvider } from './inspector/saeEditorProvider';
import { ALIGN_VIEW_TYPE, AlignPanel } from './panels/alignPanel';
import { COMPARE_VIEW_TYPE, ComparePanel } from './panels/comparePanel';
import { DYNAMICS_VIEW_TYPE, DynamicsPanel } from './panels/dynamicsPanel';
import { HEDGING_VIEW_TYPE, HedgingPanel } from './panels/hedgingPanel';
import { L0_VIEW_TYPE, L0Panel } from './panels/l0Panel';
import { LAB_VIEW_TYPE, LabPanel } from './panels/labPanel';
import { RUN_VIEW_TYPE, RunPanel } from './panels/runPanel';
import { engineSettings, runsFolder } from './settings';
import { SaeTreeProvider } from './tree/saeTreeProvider';

/** Registers commands, the editor, the view and panels only; the engine worker starts when something first needs it. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('SAE Scope', { log: true });
  const client = new EngineClient({
    startWorker: () => {
      const settings = engineSettings();
      output.info(`engine: starting with ${settings.threads || 'default'} threads on ${settings.executionProvider}`);
      return new Worker(path.join(context.extensionPath, 'dist', 'worker.js'), { workerData: settings });
    },
    log: (level, message) => output[level](message),
  });
  const deps = { extensionUri: context.extensionUri, client, output };
  const tree = new SaeTreeProvider();

  context.subscriptions.push(
    output,
    { dispose: () => client.dispose() },
    ...registerCommands({ ...deps, tree }),
    ...registerSaeCodeLens(output),
    ...[SAE_INSPECTOR_VIEW_TYPE, SAE_INSPECTOR_OPTION_VIEW_TYPE].map((viewType) =>
      vscode.window.registerCustomEditorProvider(viewType, new SaeEditorProvider(deps), { supportsMultipleEditorsPerDocument: true }),
    ),
    vscode.window.registerTreeDataProvider('saescope.explorer', tree),
    vscode.window.registerWebviewPanelSerializer(ENGINE_INFO_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => EngineInfoPanel.restore(panel, deps),
    }),
    vscode.window.registerWebviewPanelSerializer(RUN_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => RunPanel.restore(deps, panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => ComparePanel.restore(deps, panel),
    }),
    vscode.window.registerWebviewPanelSerializer(L0_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => L0Panel.restore(deps, panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(HEDGING_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => HedgingPanel.restore(deps, panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(ALIGN_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => AlignPanel.restore(deps, panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(DYNAMICS_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => DynamicsPanel.restore(deps, panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(LAB_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => LabPanel.restore(deps, panel, state),
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('saescope.runsFolder')) tree.refresh();
      if (event.affectsConfiguration('saescope.threads') || event.affectsConfiguration('saescope.executionProvider')) {
        output.info('engine settings changed: they apply when the engine next starts (reload the window to restart it now)');
      }
    }),
  );
  const runs = runsFolder();
  if (runs) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(runs, '*/metrics.json'));
    context.subscriptions.push(watcher, watcher.onDidCreate(() => tree.refresh()), watcher.onDidDelete(() => tree.refresh()));
  }
}
