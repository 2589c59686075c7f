import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './support/workbench';

/** The spec's sweep (11 BatchTopK SAEs on the large toy) at 300 steps per SAE instead of 4000, so it takes seconds. */
const SHORT_SWEEP = { 'saescope.l0Diagnostics.steps': 300 };

describe('Run L0 Diagnostics', () => {
  it('run L0 Diagnostics on the default (the curve and the recommended L0 appear)', async function () {
    this.timeout(240_000);
    const workbench = await openWorkbench({ workspace: 'empty', settings: SHORT_SWEEP });
    const started = Date.now();
    await workbench.runCommand('SAE Scope: Run L0 Diagnostics');

    const panel = await workbench.webview('saescope-l0', 60_000);
    await panel.locator('saescope-chart svg path').first().waitFor({ state: 'attached', timeout: 150_000 });
    const firstChart = (Date.now() - started) / 1000;
    const text = await panel.waitForText(/Recommended L0: \d+\.\d\d.*saved in/, 150_000);
    console.log(`      command → first chart ${firstChart.toFixed(1)} s, → saved ${((Date.now() - started) / 1000).toFixed(1)} s (300 steps per SAE)`);
    await workbench.screenshot('l0-diagnostics');

    assert.match(text, /300 steps × 1024 rows/);
    assert.match(text, /true L0 of the data 10\.95/);
    assert.match(text, /minimum of c_dec/);
    assert.doesNotMatch(text, /so far/);
    assert.equal(await panel.locator('.l0-table tbody tr').count(), 11);
    assert.equal(await panel.locator('.l0-table tr.recommended').count(), 1);
    assert.ok((await panel.locator('saescope-chart').count()) >= 4);
    assert.equal(await panel.locator('saescope-heatmap canvas').count(), 1);

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const saved = existsSync(runs) ? readdirSync(runs) : [];
    assert.equal(saved.length, 1, `runs: ${saved.join(', ')}`);
    assert.match(saved[0], /^\d{8}-\d{6}-l0-batchtopk$/);
    const record = JSON.parse(readFileSync(path.join(runs, saved[0], 'metrics.json'), 'utf8')) as { kind: string; outcome: { rows: unknown[]; recommended: { l0: number } } };
    assert.equal(record.kind, 'l0Sweep');
    assert.equal(record.outcome.rows.length, 11);
    assert.match(text, new RegExp(`Recommended L0: ${record.outcome.recommended.l0.toFixed(2).replace('.', '\\.')}`));
  });
});
