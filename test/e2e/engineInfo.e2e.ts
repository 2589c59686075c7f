import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../scripts/lib/paths';
import { openWorkbench } from './support/workbench';

const packageVersion = (folder: string): string =>
  (JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string }).version;
const engineVersion = packageVersion(repoRoot);
const onnxruntimeVersion = packageVersion(path.join(repoRoot, 'node_modules', 'onnxruntime-node'));

const panel = 'saescope-engine-info';
// The panel reads "Starting the engine…" until the engine worker has answered.
const answered = /Execution providers/;

describe('Engine info panel', () => {
  it('"SAE Scope: Show Engine Info" shows the engine version and the CPU provider available', async () => {
    const workbench = await openWorkbench();
    await workbench.runCommand('SAE Scope: Show Engine Info');
    const view = await workbench.webview(panel);
    const text = await view.waitForText(answered);
    await workbench.screenshot('engine-info');

    assert.match(text, new RegExp(`Engine version ${engineVersion.replaceAll('.', '\\.')}`));
    assert.match(text, new RegExp(`ONNX Runtime version ${onnxruntimeVersion.replaceAll('.', '\\.')}`));
    assert.match(text, /\bcpu available\b/, 'the CPU execution provider (in the engine worker inside the extension host)');
  });

  it('reload the window brings the panel back', async () => {
    const workbench = await openWorkbench();
    await workbench.runCommand('SAE Scope: Show Engine Info');
    await (await workbench.webview(panel)).waitForText(answered);

    await workbench.reload();
    const restored = await workbench.webview(panel);
    const text = await restored.waitForText(answered);
    await workbench.screenshot('engine-info-after-reload');
    assert.match(text, /\bcpu available\b/);
  });
});
