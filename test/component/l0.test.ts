import assert from 'node:assert/strict';
import { posted, savedState, send, violations, WebviewHarness } from './support/webviewPage';

const settings = { data: 'toy:large', arch: 'batchtopk', width: null, l0s: null, coefficients: null, steps: 100, batch: 1024, lr: 1e-3, seed: 0, evalRows: 20480 };
const heatmap = { latents: 3, features: 3, order: [1, 2, 0], cosines: [0.9, -0.3, 0, 0, 1, 0, 0.2, 0, -1] };
const row = (index: number, k: number, cDec: number) => ({
  index, k, coefficient: null, l0: k, cDec, projections: [{ n: 12, value: 0.01 * k }, { n: 18, value: 0.02 * k }], mse: 3 / k, explainedVariance: 0.9,
  explainedVarianceUncentred: 0.93, deadLatents: 1, mmcs: 0.95, groundTruthMse: 4 / k, groundTruthExplainedVarianceUncentred: 0.9, heatmap,
});
const recommendation = (index: number, l0: number) => ({ index, l0, rule: 'minimum', description: 'the L0 of the SAE with the smallest c_dec' });

const shadowText = () => document.querySelector('saescope-l0')?.shadowRoot?.textContent ?? '';

describe('component: L0 Diagnostics panel in Chromium', function () {
  this.timeout(120_000);
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start(['l0']);
  });
  after(() => harness?.stop());

  it('draws curves and the table as rows stream in, marks the recommended L0, and exports', async () => {
    const page = await harness.open('l0');
    await send(page, { kind: 'live', id: 's1', settings });
    await send(page, { kind: 'start', start: { dIn: 100, width: 50, trueL0: 10.95, settings: [5, 11, 16] } });
    await send(page, { kind: 'progress', message: 'training: step 50 of 100', fraction: 0.5 });
    await page.waitForFunction(() => document.querySelector('saescope-l0')?.shadowRoot?.textContent?.includes('50% of training'));

    await send(page, { kind: 'row', row: row(0, 5, 0.2), recommended: recommendation(0, 5) });
    await page.waitForFunction(() => document.querySelector('saescope-l0')?.shadowRoot?.querySelectorAll('saescope-chart').length === 4);
    assert.equal(await page.locator('saescope-l0 .l0-table tbody tr').count(), 1);

    // A second SAE arrives with a new recommendation: the table grows and the mark moves to it.
    await send(page, { kind: 'row', row: row(1, 11, 0.05), recommended: recommendation(1, 11) });
    await page.waitForFunction(() => document.querySelector('saescope-l0')?.shadowRoot?.querySelectorAll('.l0-table tbody tr').length === 2);
    const marked = page.locator('saescope-l0 .l0-table tr.recommended');
    assert.equal(await marked.count(), 1);
    assert.match((await marked.textContent()) ?? '', /^\s*11\.00\s*11\.00\s*0\.0500.*★ recommended/s);
    const text = await page.evaluate(shadowText);
    assert.match(text, /Recommended L0: 11\.00/);
    assert.match(text, /minimum of c_dec, so far/);
    assert.match(text, /the L0 of the SAE with the smallest c_dec/);

    // The c_dec chart has the curve through both points and the recommended and true L0 lines, labelled.
    const cDecChart = page.locator('saescope-l0 saescope-chart').first();
    const labels = await cDecChart.locator('text').allTextContents();
    assert.ok(labels.includes('recommended 11.00') && labels.includes('true L0 10.95'), labels.join(' | '));
    assert.ok((await cDecChart.locator('path').count()) > 3);

    // Each header and value carries its formula.
    assert.match((await page.locator('saescope-l0 .l0-table th', { hasText: 'c_dec' }).getAttribute('title')) ?? '', /2\/\(h\(h−1\)\)/);
    assert.match((await page.locator('saescope-l0 .l0-table th', { hasText: 's_12^dec' }).getAttribute('title')) ?? '', /\(12·b\+1\)-th largest/);

    // The heatmap is drawn on a canvas with the theme's colours: some pixels differ from the background.
    await page.waitForFunction(() => document.querySelector('saescope-l0')?.shadowRoot?.querySelector('saescope-heatmap')?.shadowRoot?.querySelector('canvas'));
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector('saescope-l0')!.shadowRoot!.querySelector('saescope-heatmap')!.shadowRoot!.querySelector('canvas')!;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set<string>();
      for (let i = 0; i < pixels.length; i += 4) colours.add(`${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`);
      return colours.size;
    });
    assert.ok(painted >= 3, `the heatmap shows ${painted} colours`);

    await page.getByRole('button', { name: 'Export SVG' }).first().click();
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const out = await posted(page);
    const chart = out.find((m) => m.kind === 'exportChart');
    assert.match(chart?.data as string, /^<svg xmlns/);
    const [csv, json] = out.filter((m) => m.kind === 'exportData');
    const csvLines = (csv.data as string).trim().split(/\r\n/);
    assert.equal(csvLines[0], 'k,l0,c_dec,s_12,s_18,mse,explained_variance,fve_uncentred,dead,mmcs,gt_mse,recommended');
    assert.match(csvLines[2], /^11,11,0\.05,.*,true$/);
    assert.equal((JSON.parse(json.data as string) as { rows: unknown[] }).rows.length, 2);

    // Copy as Python hands the host the sweep as shown, without the heatmaps.
    await page.getByRole('button', { name: 'Copy as Python' }).click();
    await page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.some((m) => m.kind === 'copyPython'));
    const copy = (await posted(page)).find((m) => m.kind === 'copyPython');
    assert.deepEqual(copy, {
      kind: 'copyPython', id: 's1', settings, width: 50, trueL0: 10.95,
      rows: [{ ...row(0, 5, 0.2), heatmap: null }, { ...row(1, 11, 0.05), heatmap: null }], recommended: recommendation(1, 11),
    });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('shows a saved sweep, keeps the chosen heatmap row, and comes back from setState', async () => {
    const rows = [row(0, 5, 0.2), row(1, 11, 0.05), row(2, 16, 0.08)];
    const outcome = {
      data: 'toy:large', arch: 'batchtopk', dIn: 100, width: 50, steps: 100, batch: 1024, lr: 1e-3, seed: 0, evalRows: 20480, trueL0: 10.95,
      rows, recommended: recommendation(1, 11), cancelled: false, seconds: { data: 1, training: 10, evaluation: 2, total: 13 },
    };
    const page = await harness.open('l0');
    await send(page, { kind: 'record', folder: '/ws/.saescope/runs/s2', record: { kind: 'l0Sweep', id: 's2', settings, startedAt: '2026-01-01T00:00:00Z', seconds: 14, outcome } });
    await page.waitForFunction(() => document.querySelector('saescope-l0')?.shadowRoot?.textContent?.includes('saved in /ws/.saescope/runs/s2'));
    await page.locator('saescope-l0 .l0-table tbody tr').nth(2).click();
    await page.waitForFunction(() => document.querySelector('saescope-l0')?.shadowRoot?.textContent?.includes('Features × latents at L0 16.00'));
    const state = (await savedState(page)) as { folder: string; selected: number };
    assert.deepEqual([state.folder, state.selected], ['/ws/.saescope/runs/s2', 2]);
    await page.close();

    const reloaded = await harness.open('l0', state);
    await reloaded.waitForFunction(() => document.querySelector('saescope-l0')?.shadowRoot?.querySelector('saescope-heatmap'));
    const text = await reloaded.evaluate(shadowText);
    assert.match(text, /Recommended L0: 11\.00/);
    assert.doesNotMatch(text, /so far/);
    assert.match(text, /Features × latents at L0 16\.00/);
    assert.deepEqual(await violations(reloaded), []);
    await reloaded.close();
  });
});
