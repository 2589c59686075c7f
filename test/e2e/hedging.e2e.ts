import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './support/workbench';

/** The four toys at 3000 steps each instead of the paper's 24 414, so the run takes seconds. */
const SHORT_TOYS = { 'saescope.hedging.steps': 3000 };

describe('Run Hedging Diagnostics', () => {
  it('hedging on the default toy: the panel shows θ and θ* for each toy, saves the run, and comes back after a reload', async function () {
    this.timeout(240_000);
    const workbench = await openWorkbench({ workspace: 'empty', settings: SHORT_TOYS });
    await workbench.runCommand('SAE Scope: Run Hedging Diagnostics…');
    await workbench.question(/Run Hedging Diagnostics/, 'pick');
    await workbench.pick('Single-latent toys');

    const panel = await workbench.webview('saescope-hedging', 60_000);
    const text = await panel.waitForText(/Saved in/, 180_000);
    await workbench.screenshot('hedging-toys');

    // θ* = ½·atan(2P₁₂/P₁): 13.3° where P₁ = 0.2, P₁₂ = 0.05; 6.3° for the anti-correlated toy (P₁ = 0.225, P₁₂ = 0.025).
    assert.deepEqual(await panel.locator('td.theta-star').allTextContents(), ['13.3°', '13.3°', '13.3°', '6.3°']);
    const trained = (await panel.locator('td.theta-trained').allTextContents()).map((t) => Number.parseFloat(t));
    assert.equal(trained.length, 4);
    assert.ok(trained[1] > 8 && trained[3] < -5, `hierarchical hedges towards the child, anti-correlated turns away: ${trained}`);
    assert.match(text, /independent.*hierarchical.*correlated.*anticorrelated/);
    assert.equal(await panel.locator('saescope-chart').count(), 4, 'one vectors chart per toy');

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const saved = existsSync(runs) ? readdirSync(runs) : [];
    assert.equal(saved.length, 1, `runs: ${saved.join(', ')}`);
    assert.match(saved[0], /^\d{8}-\d{6}-hedging-toys$/);
    const record = JSON.parse(readFileSync(path.join(runs, saved[0], 'metrics.json'), 'utf8')) as { kind: string; outcome: { toys: { steps: number }[] } };
    assert.equal(record.kind, 'hedging');
    assert.deepEqual(record.outcome.toys.map((t) => t.steps), [3000, 3000, 3000, 3000]);

    await workbench.reload();
    const restored = await workbench.webview('saescope-hedging', 60_000);
    await restored.waitForText(/Saved in/, 60_000);
    assert.deepEqual(await restored.locator('td.theta-star').allTextContents(), ['13.3°', '13.3°', '13.3°', '6.3°']);
    await workbench.screenshot('hedging-toys-after-reload');
  });
});

describe('Run Hedging Diagnostics: an SAE, and Cancel', () => {
  it('the hedging degree of a demo SAE, picked in the file dialog, on toy:large', async function () {
    this.timeout(240_000);
    const workbench = await openWorkbench({ workspace: 'demo', settings: { 'saescope.hedging.steps': 300 } });
    await workbench.runCommand('SAE Scope: Run Hedging Diagnostics…');
    await workbench.question(/Run Hedging Diagnostics/, 'pick');
    await workbench.pick('Hedging degree of an SAE…');
    await workbench.chooseFile(/Hedging degree: the SAE/, path.join(workbench.folder, 'saes', 'relu-l1', 'sae_weights.safetensors'));
    await workbench.question(/Hedging degree: data/, 'pick');
    await workbench.pick('toy:large');

    const panel = await workbench.webview('saescope-hedging', 60_000);
    const text = await panel.waitForText(/Saved in/, 180_000);
    await workbench.screenshot('hedging-degree');
    assert.match(text, /relu-l1\/sae_weights\.safetensors on toy:large: width 50 \+ 64 new latents, continued as standard/);
    const h = Number(await panel.locator('.degree').textContent());
    assert.ok(h >= 0 && h <= 1, `h ${h}`);
    assert.equal(await panel.locator('saescope-chart').count(), 1, 'the baseline distribution');
  });

  it('Cancel during the γ sweep keeps and saves the runs that finished', async function () {
    this.timeout(240_000);
    const workbench = await openWorkbench({ workspace: 'empty', settings: { 'saescope.hedging.steps': 6000 } });
    await workbench.runCommand('SAE Scope: Run Hedging Diagnostics…');
    await workbench.question(/Run Hedging Diagnostics/, 'pick');
    await workbench.pick('Balanced Matryoshka γ sweep');

    const panel = await workbench.webview('saescope-hedging', 60_000);
    await panel.waitForText(/balance point so far γ = \d/, 120_000);
    const toast = workbench.page.locator('.notification-toast', { hasText: /SAE Scope: hedging diagnostics \S+-hedging-gamma/ }).first();
    await toast.locator('.monaco-button', { hasText: /^Cancel$/ }).click({ timeout: 30_000 });
    const text = await panel.waitForText(/Cancelled: these are the parts that finished/, 60_000);
    await workbench.screenshot('hedging-gamma-cancelled');
    assert.match(text, /Saved in/);

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const saved = existsSync(runs) ? readdirSync(runs) : [];
    assert.equal(saved.length, 1, `runs: ${saved.join(', ')}`);
    const record = JSON.parse(readFileSync(path.join(runs, saved[0], 'metrics.json'), 'utf8')) as { outcome: { cancelled: boolean; sweep: { runs: { label: string; cancelled: boolean }[] } } };
    assert.equal(record.outcome.cancelled, true);
    const labels = record.outcome.sweep.runs.map((r) => r.label);
    assert.ok(labels.length >= 1 && labels.length < 9, `runs kept: ${labels}`);
    assert.equal(labels[0], 'γ = 0');
    assert.ok(record.outcome.sweep.runs.every((r) => !r.cancelled), 'no half-trained run is kept');
    assert.equal(await panel.locator('tbody tr').count(), labels.length);
  });
});
