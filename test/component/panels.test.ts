import assert from 'node:assert/strict';
import { posted, savedState, send, violations, WebviewHarness } from './support/webviewPage';

const settings = { data: 'toy:large', arch: 'topk', width: 256, k: 11, l1: null, steps: 100, batch: 1024, lr: 3e-4, seed: 0, evalRows: 1024, checkpointEvery: 25 };
const history = [10, 20, 30].map((step) => ({ step, totalSteps: 100, loss: 1 / step, l0: 11, explainedVariance: step / 40, deadFraction: 0 }));

describe('component: Run and Compare panels in Chromium', function () {
  this.timeout(120_000);
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start(['run', 'compare']);
  });
  after(() => harness?.stop());

  it('draws live charts as SVG, shows metrics with formulas on hover, saves its folder, and exports charts', async () => {
    const page = await harness.open('run');
    await send(page, { kind: 'live', id: 'r1', settings });
    for (const point of history) await send(page, { kind: 'point', point });
    await page.waitForFunction(() => document.querySelector('saescope-run')?.shadowRoot?.querySelectorAll('saescope-chart').length === 3);
    const metrics = [{ id: 'l0', label: 'L0', value: 11, formula: 'mean_b #{i : a_bi ≠ 0}' }];
    await send(page, { kind: 'record', folder: '/ws/.saescope/runs/r1', record: { id: 'r1', settings, startedAt: '2026-01-01T00:00:00Z', seconds: 3, history, metrics, checkpoints: [] } });
    await page.waitForFunction(() => document.querySelector('saescope-run')?.shadowRoot?.querySelector('tr[title]'));
    assert.equal(await page.locator('saescope-run tr[title]').first().getAttribute('title'), 'mean_b #{i : a_bi ≠ 0}');
    assert.equal(((await savedState(page)) as { folder: string }).folder, '/ws/.saescope/runs/r1');
    const path = await page.locator('saescope-chart path').first().getAttribute('d');
    assert.ok(path && path.startsWith('M'));
    await page.getByRole('button', { name: 'Export SVG' }).first().click();
    await page.getByRole('button', { name: 'Export PNG' }).first().click();
    const exports = (await posted(page)).filter((m) => m.kind === 'exportChart');
    assert.equal(exports.length, 2);
    assert.match(exports[0].data as string, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(exports[1].data as string, /^data:image\/png;base64,/);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('shows a comparison and brings it back from setState after a reload', async () => {
    const result = {
      a: { path: '/a', dIn: 4, dSae: 8, architecture: 'topk' }, b: { path: '/b', dIn: 4, dSae: 8, architecture: 'topk' },
      method: 'hungarian', threshold: 0.7, meanCosine: 0.8, shared: 6, unmatchedA: 2, unmatchedB: 2,
      cosineHistogram: { edges: [-1, 0, 1], counts: [2, 6] }, pairs: [{ a: 0, b: 3, cosine: 0.99 }], unmatchedAList: [5, 6], unmatchedBList: [1, 2],
      metrics: null, seconds: 0.1,
    };
    const page = await harness.open('compare');
    await send(page, { kind: 'result', result });
    await page.waitForFunction(() => document.querySelector('saescope-compare')?.shadowRoot?.textContent?.includes('shared'));
    const state = await savedState(page);
    await page.close();
    const reloaded = await harness.open('compare', state);
    await reloaded.waitForFunction(() => document.querySelector('saescope-compare')?.shadowRoot?.querySelector('saescope-chart'));
    assert.match(await reloaded.evaluate(() => document.querySelector('saescope-compare')?.shadowRoot?.textContent ?? ''), /Hungarian/);
    assert.deepEqual(await violations(reloaded), []);
    await reloaded.close();
  });
});
