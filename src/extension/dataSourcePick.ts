/** Picks an activation source: a built-in toy preset or a .npy / .safetensors file of the workspace. */
import * as vscode from 'vscode';
import { TOY_PRESETS } from '../engine/toys/presets';
import { defaultDataSource } from './settings';

/** Where to look for files and what never to look in. */
export const ACTIVATION_GLOB = '**/*.{npy,safetensors}';
export const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/.saescope/**}';

interface SourceItem extends vscode.QuickPickItem {
  source: string;
}

export async function pickDataSource(title: string): Promise<string | undefined> {
  const preferred = defaultDataSource();
  const toys: SourceItem[] = Object.entries(TOY_PRESETS).map(([name, preset]) => ({
    label: `toy:${name}`,
    description: `toy:${name}` === preferred ? 'default' : undefined,
    detail: preset.summary,
    source: `toy:${name}`,
  }));
  const files = await vscode.workspace.findFiles(ACTIVATION_GLOB, EXCLUDE_GLOB, 500);
  const fileItems: SourceItem[] = files
    .filter((uri) => !/(sae_weights|sae|sparsity|trainer_state)\.safetensors$/.test(uri.path))
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: 'workspace file', source: uri.fsPath }));
  const items: SourceItem[] = [
    ...(toys.some((t) => t.source === preferred) ? [] : [{ label: preferred, description: 'default (saescope.defaultDataSource)', source: preferred }]),
    ...toys.sort((a, b) => Number(b.source === preferred) - Number(a.source === preferred)),
    { label: '', kind: vscode.QuickPickItemKind.Separator, source: '' },
    ...fileItems,
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Activation source', matchOnDetail: true });
  return picked?.source;
}
