/** Puts a "Copy as Python" snippet on the clipboard and says what it reproduces. */
import * as vscode from 'vscode';

export async function copyPython(snippet: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(snippet);
  void vscode.window.showInformationMessage(`SAE Scope: copied Python that reproduces ${what} (NumPy; see its first lines for what else it needs).`);
}
