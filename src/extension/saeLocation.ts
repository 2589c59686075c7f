/** Finds the file the inspector opens for an SAE folder (custom editors open files, not folders). */
import * as vscode from 'vscode';
import { SAE_WEIGHT_FILES } from './saeWeightFiles';

export { SAE_WEIGHT_FILES };

export async function weightsFileOf(target: vscode.Uri): Promise<vscode.Uri | undefined> {
  const stat = await vscode.workspace.fs.stat(target);
  if (stat.type !== vscode.FileType.Directory) return target;
  for (const name of SAE_WEIGHT_FILES) {
    const candidate = vscode.Uri.joinPath(target, name);
    try {
      await vscode.workspace.fs.stat(candidate);
      return candidate;
    } catch {
      // not this layout
    }
  }
  return undefined;
}

/** Asks for an SAE file or folder. */
export async function pickSae(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'SAE weights': ['safetensors', 'npz'], 'All files': ['*'] },
  });
  return picked?.[0];
}
