import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { posted, savedState, send, violations, WebviewHarness } from './support/webviewPage';

const saeSettings = { data: 'toy:large', arch: 'topk', width: 64, k: 11, l1: null, steps: 100, batch: 1024, lr: 3e-4, seed: 0, evalRows: 1024, checkpointEvery: 50 };
const toySettings = { preset: 'peaked-softmax', steps: 1000, seed: 0, overrides: { vocab: 64 }, checkpointEvery: 250 };

/** The visible text of the dashboard, through its shadow root. */
const dashboardText = (page: Page) => page.evaluate(() => document.querySelector('saescope-run')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');

async function waitForText(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('saescope-run')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? ''), pattern.source);
  return dashboardText(page);
}

describe('component: the training dashboard (Run panel) in Chromium', function () {
  this.timeout(120_000);
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start(['run']);
  });
  after(() => harness?.stop());

  it('streams an SAE’s loss parts, L0, explained variance and dead fraction, lists checkpoints as written, and opens one', async () => {
    const page = await harness.open('run');
    await send(page, { kind: 'live', id: 's1', settings: saeSettings });
    await waitForText(page, /Checkpoints ?None written yet/);
    for (const step of [10, 20, 30, 40, 50]) {
      const point = { step, totalSteps: 100, loss: 1 / step, l0: 11, explainedVariance: step / 60, deadFraction: 0.5 - step / 200, parts: { mse: 0.9 / step, aux: 0.1 / step } };
      await send(page, { kind: 'point', point });
    }
    await send(page, { kind: 'checkpoint', checkpoint: { step: 50, path: 'sae-checkpoints/step_50' } });
    const text = await waitForText(page, /sae-checkpoints\/step_50/);
    assert.match(text, /loss and its parts \(log scale\)/);
    assert.match(text, /explained variance and dead-latent fraction/);
    assert.match(text, /Training: step 50 of 100/);
    const legends = await page.locator('saescope-run saescope-chart text').allTextContents();
    for (const name of ['loss', 'mse', 'aux', 'L0', 'explained variance', 'dead fraction']) assert.ok(legends.includes(name), `a curve named ${name}`);
    await page.locator('saescope-run table.checkpoints vscode-button', { hasText: 'Open' }).click();
    assert.deepEqual((await posted(page)).filter((m) => m.kind === 'openCheckpoint'), [{ kind: 'openCheckpoint', path: 'sae-checkpoints/step_50' }]);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('streams a toy model’s own metrics on log axes, lists its checkpoints, shows the cancelled run saved, and comes back after a reload', async () => {
    const page = await harness.open('run');
    await send(page, { kind: 'liveToy', id: 't1', settings: toySettings });
    // Log-spaced records, as the peaked softmax preset takes them: loss ∝ t^(−1/3) over three decades.
    const steps = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
    for (const step of steps) await send(page, { kind: 'toyRecord', record: { step, loss: 3 * (step + 1) ** (-1 / 3), batchLoss: 3.2 * (step + 1) ** (-1 / 3), beta: 1 + step, cosine: step / 600 } });
    await send(page, { kind: 'checkpoint', checkpoint: { step: 250, path: 'checkpoints/step_250.safetensors' } });
    let text = await waitForText(page, /checkpoints\/step_250\.safetensors/);
    assert.match(text, /Toy model run t1/);
    assert.match(text, /peaked-softmax, 1000 steps, seed 0, vocab = 64, a checkpoint every 250 steps/);
    assert.match(text, /loss \(log steps\)/);
    assert.match(text, /beta \(log steps, log scale\)/);
    assert.equal(await page.locator('saescope-run saescope-chart').count(), 3, 'loss (loss, batchLoss), beta, cosine');
    assert.equal(await page.locator('saescope-run table.checkpoints vscode-button').count(), 0, 'toy checkpoints are not SAEs: no Open');
    const saved = { kind: 'toy', id: 't1', settings: toySettings, startedAt: '2026-01-01T00:00:00Z', seconds: 4.2, cancelled: true, steps: 600, config: { vocab: 64, temperature: 0.001 }, records: steps.map((step) => ({ step, loss: 3 * (step + 1) ** (-1 / 3) })), checkpoints: ['checkpoints/step_250.safetensors', 'checkpoints/step_500.safetensors', 'checkpoints/step_600.safetensors'] };
    await send(page, { kind: 'toyRun', run: saved, folder: '/ws/.saescope/runs/t1' });
    text = await waitForText(page, /Cancelled at step 600/);
    assert.match(text, /step_600\.safetensors/);
    assert.match(text, /temperature\s*0\.001/);
    assert.deepEqual(await violations(page), []);
    const state = await savedState(page);
    await page.close();

    const reloaded = await harness.open('run', state);
    const again = await waitForText(reloaded, /Cancelled at step 600/);
    assert.match(again, /step_500\.safetensors/);
    await reloaded.close();
  });
});
