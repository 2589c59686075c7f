import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './support/workbench';

/** The hierarchy toy at 2000 steps and 300 draws per checkpoint (instead of 3000 and 2000): the flow takes seconds. */
const SHORT_INFLUENCE = { 'saescope.influence.steps': 2000, 'saescope.influence.draws': 300 };

describe('Influence Trajectories', () => {
  it('influence on the hierarchy toy: trains it, then the default pairs\' trajectories appear with their flips and peaks', async function () {
    this.timeout(240_000);
    const workbench = await openWorkbench({ workspace: 'empty', settings: SHORT_INFLUENCE });
    await workbench.runCommand('SAE Scope: Influence Trajectories…');
    await workbench.question(/Influence Trajectories/, 'pick');
    await workbench.pick('Train the hierarchy toy first');
    await workbench.question(/Influence Trajectories: pairs/, 'pick');
    // The default pairs dog:oak, dog:sparrow, dog:cat are chosen: accept them.
    await workbench.page.keyboard.press('Enter');

    const panel = await workbench.webview('saescope-dynamics', 120_000);
    const text = await panel.waitForText(/Saved in/, 180_000);
    await workbench.screenshot('influence-hierarchy');
    assert.deepEqual(await panel.locator('table.pairs tbody tr td:first-child').allTextContents(), ['dog:oak', 'dog:sparrow', 'dog:cat']);
    assert.equal(await panel.locator('figure.trajectory saescope-chart').count(), 3, 'one trajectory chart per pair');
    assert.match(text, /20 checkpoints/);
    // dog and cat are told apart last (the mammal/bird mode): their correlation turns harmful, with a marked peak.
    const catPeaks = (await panel.locator('table.pairs tbody tr').nth(2).locator('td.peaks').textContent()) ?? '';
    assert.match(catPeaks, /\(-0\.\d\d\)/);
    assert.ok((await panel.locator('figure.trajectory saescope-chart').nth(2).locator('text', { hasText: /^peak / }).count()) >= 1);

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const saved = (existsSync(runs) ? readdirSync(runs) : []).sort();
    assert.equal(saved.length, 2, `the trained toy run and the influence run: ${saved.join(', ')}`);
    assert.match(saved[0], /^\d{8}-\d{6}-dln-2000$/);
    assert.match(saved[1], /^\d{8}-\d{6}-influence$/);
    const record = JSON.parse(readFileSync(path.join(runs, saved[1], 'metrics.json'), 'utf8')) as { kind: string; settings: { run: string }; outcome: { trajectories: { pairs: unknown[] } } };
    assert.equal(record.kind, 'influence');
    assert.equal(record.settings.run, path.join(runs, saved[0], 'checkpoints'));
    assert.equal(record.outcome.trajectories.pairs.length, 3);
  });
});
