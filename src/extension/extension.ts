import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { EngineClient } from './engineClient';
import { ENGINE_INFO_VIEW_TYPE, EngineInfoPanel, type EngineInfoPanelDeps } from './engineInfoPanel';

/** Registers commands and panels only; the engine worker starts when something first needs it. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('SAE Scope', { log: true });
  const client = new EngineClient({
    startWorker: () => new Worker(path.join(context.extensionPath, 'dist', 'worker.js')),
    log: (level, message) => output[level](message),
  });
  const deps: EngineInfoPanelDeps = { extensionUri: context.extensionUri, client, output };

  context.subscriptions.push(
    output,
    { dispose: () => client.dispose() },
    vscode.commands.registerCommand('saescope.showEngineInfo', () => EngineInfoPanel.show(deps)),
    vscode.window.registerWebviewPanelSerializer(ENGINE_INFO_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => EngineInfoPanel.restore(panel, deps),
    }),
  );
}
