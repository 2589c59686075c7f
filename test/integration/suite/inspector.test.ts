import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const activeTabInput = () => vscode.window.tabGroups.activeTabGroup.activeTab?.input;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('SAE inspector', () => {
  const workspace = () => vscode.workspace.workspaceFolders?.[0].uri.fsPath ?? assert.fail('no workspace folder is open');

  it('is the default editor for sae_weights.safetensors', async () => {
    const file = vscode.Uri.file(path.join(workspace(), 'standard', 'sae_weights.safetensors'));
    await vscode.commands.executeCommand('vscode.open', file);
    const input = await until('the inspector tab', () => {
      const tab = activeTabInput();
      return tab instanceof vscode.TabInputCustom ? tab : undefined;
    });
    assert.equal(input.viewType, 'saescope.saeInspector');
    assert.equal(input.uri.fsPath, file.fsPath);
  });

  it('opens a folder through Open SAE… in the inspector', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('saescope.openSae', vscode.Uri.file(path.join(workspace(), 'jumprelu')));
    const input = await until('the inspector tab', () => {
      const tab = activeTabInput();
      return tab instanceof vscode.TabInputCustom ? tab : undefined;
    });
    assert.equal(path.basename(path.dirname(input.uri.fsPath)), 'jumprelu');
  });
});
