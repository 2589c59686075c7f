import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, manifest } from './manifest';

describe('activation', () => {
  it('is not active before one of its contributions is used', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    assert.equal(extension.isActive, false);
  });

  it('registers every command it contributes once activated by one of them', async () => {
    await vscode.commands.executeCommand('saescope.showEngineInfo');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest().contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('reads each setting with the default the manifest documents', () => {
    const config = vscode.workspace.getConfiguration();
    for (const [key, { default: value }] of Object.entries(manifest().contributes.configuration.properties)) {
      assert.deepEqual(config.get(key), value, key);
    }
  });
});
