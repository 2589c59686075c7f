import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from './support/workbench';
import type { Webview } from './support/webview';

const inspector = 'saescope-sae-inspector';
const weights = 'saes/topk-k11/sae_weights.safetensors';
// The demo SAEs are SAELens folders with d_in 100 (toy:large) and d_sae 50.
const summary = /architecture topk d_in 100 d_sae 50/;
const rowSelector = 'saescope-latent-table .row[data-latent]';

/** Opens the demo SAE's weights in its default editor and waits until the latent table has rows. */
async function openInspector(workbench: Workbench): Promise<Webview> {
  await workbench.openFile(weights);
  const view = await workbench.webview(inspector, 60_000);
  await view.waitForText(summary, 60_000);
  await view.locator(rowSelector).nth(9).waitFor({ state: 'attached', timeout: 30_000 });
  return view;
}

/** The latent indices of the rows the virtualised table has rendered, in order. */
async function renderedLatents(view: Webview): Promise<number[]> {
  return (await view.locator(rowSelector).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-latent')))).map(Number);
}

describe('SAE inspector', () => {
  it('opening sae_weights.safetensors shows the summary and the latent table', async () => {
    const workbench = await openWorkbench({ workspace: 'demo' });
    const view = await openInspector(workbench);
    await workbench.screenshot('inspector');

    const text = await view.text();
    assert.match(text, /^saes\/topk-k11 /, 'the heading: the SAE folder');
    assert.match(text, /format saelens/i);
    assert.match(text, /k 11\b/);
    assert.match(text, /50 of 50 latents/);
    assert.match(text, /Latent .*Density .*Decoder/);

    const latents = await renderedLatents(view);
    assert.ok(latents.length >= 10, `rows rendered: ${latents.length}`);
    assert.deepEqual(latents.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'sorted by latent index, ascending');
    const firstCell = await view.locator(`${rowSelector}[data-latent="3"] > span`).first().textContent();
    assert.equal(firstCell?.trim(), '3');
  });

  it('reload the window brings the inspector back', async () => {
    const workbench = await openWorkbench({ workspace: 'demo' });
    await openInspector(workbench);

    await workbench.reload();
    const restored = await workbench.webview(inspector, 60_000);
    await restored.waitForText(summary, 60_000);
    await restored.locator(rowSelector).nth(9).waitFor({ state: 'attached', timeout: 30_000 });
    const text = await restored.text();
    await workbench.screenshot('inspector-after-reload');
    assert.match(text, /50 of 50 latents/);
    assert.ok((await renderedLatents(restored)).length >= 10);
  });
});
