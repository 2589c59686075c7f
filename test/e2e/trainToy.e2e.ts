import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './support/workbench';

describe('Train Toy Model', () => {
  it('trains a short dln run from the palette: the loss chart and the checkpoints appear live, and the run is saved', async function () {
    this.timeout(180_000);
    const workbench = await openWorkbench();
    await workbench.runCommand('SAE Scope: Train Toy Model…');
    await workbench.question(/Train Toy Model \(1\/2\)/, 'pick');
    // The list is longer than the widget shows; type to filter it, as a user would.
    await workbench.page.locator('.quick-input-widget .quick-input-box input').fill('dln');
    await workbench.pick('dln');
    await workbench.question(/Train Toy Model \(2\/2\)/, 'input');
    await workbench.answer('400', /default: 3000/);

    const run = await workbench.webview('saescope-run', 60_000);
    await run.waitForText(/Toy model run \S+-dln-400/, 60_000);
    await run.waitForText(/checkpoints\/step_100\.safetensors/, 120_000);
    assert.ok((await run.locator('saescope-chart').count()) >= 1, 'a chart is drawn');
    const text = await run.waitForText(/Trained 400 steps/, 120_000);
    assert.match(text, /loss/);
    assert.match(text, /progress/, 'the preset’s own metrics are charted');
    for (const step of [100, 200, 300, 400]) assert.match(text, new RegExp(`checkpoints/step_${step}\\.safetensors`));
    await workbench.notification(/toy run \S+-dln-400 saved/, 60_000);
    await workbench.screenshot('train-toy-dln');

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const [id] = readdirSync(runs);
    assert.match(id, /^\d{8}-\d{6}-dln-400$/);
    const metrics = JSON.parse(readFileSync(path.join(runs, id, 'metrics.json'), 'utf8'));
    assert.equal(metrics.kind, 'toy');
    assert.equal(metrics.steps, 400);
    assert.deepEqual(readdirSync(path.join(runs, id, 'checkpoints')).sort(), ['step_100.safetensors', 'step_200.safetensors', 'step_300.safetensors', 'step_400.safetensors']);
    assert.ok(existsSync(path.join(runs, id, 'params.json')));
  });
});
