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

/** Training steps per SAE of Run L0 Diagnostics (the spec's 4000; tests and quick looks set fewer). */
export function l0DiagnosticsSteps(): number {
  const steps = section().get<number>('l0Diagnostics.steps', 4000);
  return Number.isSafeInteger(steps) && steps > 0 ? steps : 4000;
}

/** Training steps of each hedging run; null (setting 0) keeps the paper's (24 414 for the toys, 2000 for an SAE). */
export function hedgingSteps(): number | null {
  const steps = section().get<number>('hedging.steps', 0);
  return Number.isSafeInteger(steps) && steps > 0 ? steps : null;
}

/** Training steps of each Dynamics lab run; null (setting 0) keeps the engine's (5 000 for the peaked softmax, 3 000 per width, 4 000 for the truth toy). */
export function labSteps(): number | null {
  const steps = section().get<number>('lab.steps', 0);
  return Number.isSafeInteger(steps) && steps > 0 ? steps : null;
}
