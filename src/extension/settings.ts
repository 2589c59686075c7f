/** The extension's settings (contributes.configuration, `saescope.*`), read fresh each time they are needed. */
import * as vscode from 'vscode';
import type { EngineSettings } from '../shared/protocol';

const section = () => vscode.workspace.getConfiguration('saescope');

/** What the engine worker is started with; changes apply when the worker next starts. */
export function engineSettings(): EngineSettings {
  const threads = section().get<number>('threads', 0);
  const provider = section().get<string>('executionProvider', 'cpu');
  return {
    threads: Number.isSafeInteger(threads) && threads > 0 ? threads : 0,
    executionProvider: provider === 'cuda' ? 'cuda' : 'cpu',
  };
}

export function defaultDataSource(): string {
  return section().get<string>('defaultDataSource', 'toy:large') || 'toy:large';
}

/** The runs folder of the first workspace folder; undefined with no folder open. */
export function runsFolder(): vscode.Uri | undefined {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return undefined;
  const relative = section().get<string>('runsFolder', '.saescope/runs') || '.saescope/runs';
  return vscode.Uri.joinPath(root, relative);
}
