import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './support/workbench';

/** The peaked softmax for 2000 SGD steps instead of 5000, so training takes a second or two. */
const SHORT = { 'saescope.lab.steps': 2000 };

describe('Open Dynamics Lab', () => {
  it('loss against time on the peaked-softmax default: the fits and the exponent appear, the run is saved and comes back after a reload', async function () {
    this.timeout(240_000);
    const workbench = await openWorkbench({ workspace: 'empty', settings: SHORT });
    await workbench.runCommand('SAE Scope: Open Dynamics Lab…');
    await workbench.question(/Open Dynamics Lab/, 'pick');
    await workbench.pick('Loss against time: peaked softmax');

    const panel = await workbench.webview('saescope-lab', 60_000);
    const text = await panel.waitForText(/Saved in/, 180_000);
    await workbench.screenshot('lab-fit-time');
    assert.match(text, /toy:peaked-softmax/);
    // α ± σ on the last decade [200, 2000]: a little above the theory's 1/3 in short SGD runs (spec §1.4).
    const alpha = Number.parseFloat((await panel.locator('.alpha').textContent()) ?? '');
    assert.ok(alpha > 0.3 && alpha < 0.5, `α ${alpha}`);
    assert.match((await panel.locator('.alpha').textContent()) ?? '', /^\d\.\d{3} ± \d\.\d{3}$/);
    assert.match(text, /with a floor α = \d\.\d{3}/);
    assert.equal(await panel.locator('saescope-chart').count(), 2, 'loss against time, and the local slope');

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const saved = existsSync(runs) ? readdirSync(runs) : [];
    assert.equal(saved.length, 1, `runs: ${saved.join(', ')}`);
    assert.match(saved[0], /^\d{8}-\d{6}-lab-fit-time$/);
    const record = JSON.parse(readFileSync(path.join(runs, saved[0], 'metrics.json'), 'utf8')) as { kind: string; outcome: { fit: { powerLaw: { alpha: number; to: number } } } };
    assert.equal(record.kind, 'lab');
    assert.equal(record.outcome.fit.powerLaw.alpha.toFixed(3), alpha.toFixed(3));
    assert.ok(record.outcome.fit.powerLaw.to <= 2000);

    await workbench.reload();
    const restored = await workbench.webview('saescope-lab', 60_000);
    await restored.waitForText(/Saved in/, 60_000);
    assert.equal(Number.parseFloat((await restored.locator('.alpha').textContent()) ?? ''), alpha);
    await workbench.screenshot('lab-fit-time-after-reload');
  });
});
