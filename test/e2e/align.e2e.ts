import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeNpy } from '../../src/engine/io';
import { Rng } from '../../src/engine/util/random';
import { openWorkbench, type Workbench } from './support/workbench';

const ROWS = 3000;

/** Two "models" of the same stimuli in the workspace: different ReLU mixtures of 16 sparse features, 6 units each. */
async function writeTwoModels(folder: string): Promise<void> {
  const rng = new Rng(11);
  const features = new Float32Array(ROWS * 16);
  for (let i = 0; i < features.length; i++) if (rng.uniform() < 0.15) features[i] = rng.uniform();
  for (const [name, seed] of [['model-a.npy', 1], ['model-b.npy', 2]] as const) {
    const w = new Rng(seed).fillNormal(new Float32Array(16 * 6));
    const h = new Float32Array(ROWS * 6);
    for (let r = 0; r < ROWS; r++) for (let u = 0; u < 6; u++) {
      let s = 0;
      for (let f = 0; f < 16; f++) s += features[r * 16 + f] * w[f * 6 + u];
      h[r * 6 + u] = Math.max(0, s);
    }
    await writeNpy(path.join(folder, name), { dtype: 'F32', shape: [ROWS, 6], data: h });
  }
}

async function alignFromPalette(workbench: Workbench) {
  await workbench.runCommand('SAE Scope: Align Two Models…');
  await workbench.question(/Align Two Models \(1\/3\)/, 'pick');
  await workbench.pick('model-a.npy');
  await workbench.question(/Align Two Models \(2\/3\)/, 'pick');
  await workbench.pick('model-b.npy');
  await workbench.question(/Align Two Models \(3\/3\)/, 'pick');
  await workbench.pick('Train a ToySAE for each');
  const view = await workbench.webview('saescope-align', 60_000);
  await view.waitForText(/Saved in/, 120_000);
  return view;
}

describe('Align Two Models', () => {
  it('aligns two activation files with ToySAEs: both tables, the change, the per-unit chart; saved as a run; back after a reload', async function () {
    this.timeout(240_000);
    const workbench = await openWorkbench();
    await writeTwoModels(workbench.folder);
    const view = await alignFromPalette(workbench);
    const text = await view.text();
    assert.match(text, /A→B: how well A’s units predict B’s/);
    assert.match(text, /B→A: how well B’s units predict A’s/);
    assert.match(text, /SAE→SAE − N→N/);
    assert.match(text, /on 600 held-out rows from row 2400 of 3000/);
    assert.equal(await view.locator('table.scores td.score').count(), 2 * 4 * 3);
    assert.match((await view.locator('table.scores td.score').first().textContent()) ?? '', /^-?\d\.\d{3} ± \d\.\d{3}$/);
    assert.equal(await view.locator('saescope-chart path.series0').count(), 1);
    await workbench.screenshot('align');

    const runs = path.join(workbench.folder, '.saescope', 'runs');
    const [id] = readdirSync(runs).filter((n) => n.endsWith('-align'));
    const metrics = JSON.parse(readFileSync(path.join(runs, id, 'metrics.json'), 'utf8'));
    assert.equal(metrics.kind, 'align');
    assert.equal(metrics.outcome.directions.length, 2);
    const first = metrics.outcome.directions[0].table[0].semi;
    assert.equal(await view.locator('table[data-direction="A→B"] tr[data-comparison="N→N"] td[data-metric="semi"]').textContent(), `${first.mean.toFixed(3)} ± ${first.sem.toFixed(3)}`);

    await workbench.reload();
    const restored = await workbench.webview('saescope-align', 60_000);
    await restored.waitForText(/SAE→SAE − N→N/, 60_000);
    assert.equal(await restored.locator('table[data-direction="A→B"] tr[data-comparison="N→N"] td[data-metric="semi"]').textContent(), `${first.mean.toFixed(3)} ± ${first.sem.toFixed(3)}`);
    await workbench.screenshot('align-after-reload');
  });
});
