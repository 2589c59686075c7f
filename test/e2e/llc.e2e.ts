import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './support/workbench';

/** 500 SGLD draws per chain instead of linear regression's validated 2000, so the estimate takes a second or two. */
const SHORT_LLC = { 'saescope.llc.draws': 500 };

describe('Estimate LLC', () => {
  it('LLC on a toy regression: the estimate beside d/2, its health checks and trace charts appear, are saved, and come back after a reload', async function () {
    this.timeout(180_000);
    const workbench = await openWorkbench({ workspace: 'empty', settings: SHORT_LLC });
    await workbench.runCommand('SAE Scope: Estimate LLC…');
    await workbench.question(/Estimate LLC/, 'pick');
    await workbench.pick('Linear regression');

    const panel = await workbench.webview('saescope-dynamics', 60_000);
    const text = await panel.waitForText(/Saved in/, 120_000);
    await workbench.screenshot('llc-linear-regression');
    const llc = Number(await panel.locator('.headline .llc').textContent());
    assert.ok(Math.abs(llc - 2.5) < 0.6, `λ̂ ${llc} near d/2 = 2.5`);
    assert.equal(await panel.locator('td.theory').textContent(), '2.500');
    assert.match(text, /4 chains × 500 draws after 500 burn-in/);
    assert.equal(await panel.locator('.badges .badge').count(), 3, 'flattened, share below L(w*), divergence');
    assert.equal(await panel.locator('saescope-chart').count(), 2, 'per-chain traces, and their mean ± std');
    assert.equal(await panel.locator('saescope-chart').first().locator('path.series0, path.series1, path.series2, path.series3').count(), 4, 'one trace per chain');

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const saved = existsSync(runs) ? readdirSync(runs) : [];
    assert.equal(saved.length, 1, `runs: ${saved.join(', ')}`);
    assert.match(saved[0], /^\d{8}-\d{6}-llc-linear$/);
    const record = JSON.parse(readFileSync(path.join(runs, saved[0], 'metrics.json'), 'utf8')) as { kind: string; outcome: { family: { estimate: { llc: { mean: number } } } } };
    assert.equal(record.kind, 'llc');
    assert.equal(record.outcome.family.estimate.llc.mean.toFixed(3), llc.toFixed(3));

    await workbench.reload();
    const restored = await workbench.webview('saescope-dynamics', 60_000);
    await restored.waitForText(/Saved in/, 60_000);
    assert.equal(Number(await restored.locator('.headline .llc').textContent()), llc);
    await workbench.screenshot('llc-linear-regression-after-reload');
  });
});
