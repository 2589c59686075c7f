/** Asks where to save a file a panel exported and writes it atomically (webviews cannot write files themselves). */
import * as vscode from 'vscode';
import { atomicWrite } from '../../engine/io/atomicWrite';

/**
 * Offers `<name>.<extension>` in the first workspace folder; returns where it was saved, or undefined when the user
 * cancelled. Local files go through a temporary file renamed into place, so a failed write leaves no half file.
 */
export async function saveToChosenFile(name: string, extension: string, filterLabel: string, bytes: Uint8Array): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${name.replace(/[^\w.-]+/g, '_')}.${extension}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [filterLabel]: [extension] },
  });
  if (!target) return undefined;
  if (target.scheme === 'file') await atomicWrite(target.fsPath, [bytes]);
  else await vscode.workspace.fs.writeFile(target, bytes);
  vscode.window.setStatusBarMessage(`SAE Scope: saved ${vscode.workspace.asRelativePath(target)}`, 5000);
  return target;
}
