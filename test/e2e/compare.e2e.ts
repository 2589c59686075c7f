import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { openWorkbench, type Workbench } from './support/workbench';
import type { Webview } from './support/webview';

const panel = 'saescope-compare';
const pairRows = 'saescope-compare h2 + table tbody tr';
const method = /Hungarian assignment on the full decoder cosine matrix|greedy: each latent’s 8 nearest decoder directions/;

/** Compare Checkpoints… with the two demo SAEs picked in the file dialogs and no metrics data (Escape). */
async function compareDemoSaes(workbench: Workbench): Promise<Webview> {
  await workbench.runCommand('SAE Scope: Compare Checkpoints…');
  await workbench.chooseFile(/Compare: first SAE \(A\)/, path.join(workbench.folder, 'saes', 'topk-k11', 'sae_weights.safetensors'));
  await workbench.chooseFile(/Compare: second SAE \(B\)/, path.join(workbench.folder, 'saes', 'batchtopk-k11', 'sae_weights.safetensors'));
  await workbench.question(/Compare: data for the metrics/, 'pick');
  await workbench.page.keyboard.press('Escape');
  const view = await workbench.webview(panel, 60_000);
  // "Waiting…", then "Comparing …", then the result or an error under the heading "Compare".
  const text = await view.waitForText(/^Compare\s/, 90_000);
  assert.match(text, /Best-matched pairs/);
  return view;
}

async function pairCount(view: Webview): Promise<number> {
  return view.locator(pairRows).count();
}

describe('Compare Checkpoints', () => {
  it('compares two demo SAEs and shows the matched latents', async function () {
    this.timeout(180_000);
    const workbench = await openWorkbench({ workspace: 'demo' });
    const view = await compareDemoSaes(workbench);
    await workbench.screenshot('compare');

    const text = await view.text();
    assert.match(text, method);
    assert.match(text, /A \S*\/saes\/topk-k11\/sae_weights\.safetensors topk 50/);
    // SAELens saves a BatchTopK SAE for inference as JumpReLU (a threshold per latent); so does our trainer.
    assert.match(text, /batchtopk-k11\/sae_weights\.safetensors jumprelu 50/);
    assert.match(text, /shared \(matched, cos ≥ 0\.7\) \d+/);
    assert.match(text, /No data chosen, so no metrics\./);
    const rows = await pairCount(view);
    assert.ok(rows > 0 && rows <= 50, `matched pairs shown: ${rows}`);
  });

  it('reload the window brings the Compare panel back', async function () {
    this.timeout(180_000);
    const workbench = await openWorkbench({ workspace: 'demo' });
    const view = await compareDemoSaes(workbench);
    const before = await pairCount(view);
    assert.ok(before > 0);

    await workbench.reload();
    const restored = await workbench.webview(panel, 60_000);
    const text = await restored.waitForText(/Best-matched pairs/, 60_000);
    await workbench.screenshot('compare-after-reload');
    assert.match(text, method);
    assert.equal(await pairCount(restored), before);
  });
});
