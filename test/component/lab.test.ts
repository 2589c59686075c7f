import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { JobContext } from '../../src/engine/jobs/dispatcher';
import { labHandler } from '../../src/engine/jobs/labJob';
import type { LabOutcome, LabRunRecord, LabSettings } from '../../src/shared/protocol';
import { posted, savedState, send, violations, WebviewHarness } from './support/webviewPage';

/** A real result from the engine (short runs), as it arrives after crossing the worker boundary. */
async function engineRun(settings: LabSettings): Promise<LabOutcome> {
  const context: JobContext = { signal: new AbortController().signal, progress: () => undefined };
  return JSON.parse(JSON.stringify(await labHandler()({ kind: 'lab', id: 1, settings }, context))) as LabOutcome;
}

const record = (settings: LabSettings, outcome: LabOutcome): LabRunRecord => ({
  kind: 'lab', id: `20260101-000000-lab-${settings.mode}`, settings, startedAt: '2026-01-01T00:00:00Z', seconds: 1.5, outcome,
});

const text = (page: Page) => page.evaluate(() => document.querySelector('saescope-lab')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
const charts = (page: Page, count: number) =>
  page.waitForFunction((n) => document.querySelector('saescope-lab')?.shadowRoot?.querySelectorAll('saescope-chart').length === n, count);

describe('component: Dynamics lab panel in Chromium', function () {
  this.timeout(180_000);
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start(['lab']);
  });
  after(() => harness?.stop());

  it('loss against time: both fits on log–log axes with α ± σ, the local slope, formulas on hover, exports, and the panel back after a reload', async () => {
    const settings: LabSettings = { mode: 'fitTime', source: 'toy:peaked-softmax', metric: 'loss', from: null, to: null, floorFrom: null, floorTo: null, perDecade: 25, steps: 1000, seed: 0 };
    const outcome = await engineRun(settings);
    assert.ok(outcome.mode === 'fitTime' && outcome.fit?.powerLawWithFloor);
    const fit = outcome.fit;
    const page = await harness.open('lab');
    await send(page, { kind: 'running', id: 'l1', settings });
    await send(page, { kind: 'progress', message: 'peaked-softmax: step 500/1000' });
    await page.waitForFunction(() => document.querySelector('saescope-lab')?.shadowRoot?.textContent?.includes('step 500/1000'));
    await send(page, { kind: 'record', record: record(settings, outcome), folder: '/ws/.saescope/runs/l1' });
    await charts(page, 2);

    const sigma = fit.powerLaw.alphaStdError!;
    assert.equal(await page.locator('saescope-lab .alpha').textContent(), `${fit.powerLaw.alpha.toFixed(3)} ± ${sigma.toFixed(3)}`);
    const floor = fit.powerLawWithFloor!;
    assert.equal(await page.locator('saescope-lab .floor-alpha').textContent(), `${floor.alpha.toFixed(3)} ± ${floor.alphaStdError!.toFixed(3)}`);
    assert.match(await text(page), /β ∝ t\^/);
    // The loss chart: the binned curve, the pure power law and the floored fit, each a polyline, named in the legend.
    const lossChart = page.locator('saescope-lab saescope-chart').first();
    assert.equal(await lossChart.locator('path.series0, path.series1, path.series2').count(), 3 + 1, 'three curves and the window marker');
    assert.equal(await lossChart.locator('text', { hasText: `a·t^−α, α = ${fit.powerLaw.alpha.toFixed(3)}` }).count(), 1);
    assert.equal(await page.locator('saescope-lab saescope-chart').nth(1).locator('text', { hasText: 'theory 1/3' }).count(), 1);
    assert.match((await page.locator('saescope-lab table.fits tbody tr').first().getAttribute('title')) ?? '', /ordinary least squares of ln L on ln t/);
    assert.match(await text(page), /Saved in \/ws\/\.saescope\/runs\/l1/);
    assert.equal(((await savedState(page)) as { folder: string }).folder, '/ws/.saescope/runs/l1');

    await lossChart.getByRole('button', { name: 'Export SVG' }).click();
    await lossChart.getByRole('button', { name: 'Export PNG' }).click();
    const exportButtons = page.locator('saescope-lab saescope-export-data');
    await exportButtons.getByRole('button', { name: 'Export CSV' }).click();
    await exportButtons.getByRole('button', { name: 'Export JSON' }).click();
    const messages = await posted(page);
    assert.deepEqual(messages.filter((m) => m.kind === 'exportChart').map((m) => [m.format, m.name]), [['svg', 'lab-loss-vs-time'], ['png', 'lab-loss-vs-time']]);
    const data = messages.filter((m) => m.kind === 'exportData');
    const csv = (data[0].data as string).trim().split('\r\n');
    assert.equal(csv[0], 't,loss,local_slope');
    assert.equal(csv.length, fit.curve.t.length + 1);
    assert.equal(csv[1].split(',')[2], '', 'no local slope at the first point');
    assert.deepEqual(JSON.parse(data[1].data as string), fit);
    // Copy as Python hands the host the run's id, settings and outcome, which it turns into NumPy code.
    await page.getByRole('button', { name: 'Copy as Python' }).click();
    await page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.some((m) => m.kind === 'copyPython'));
    const { id } = record(settings, outcome);
    assert.deepEqual((await posted(page)).find((m) => m.kind === 'copyPython'), { kind: 'copyPython', id, settings, outcome });
    assert.deepEqual(await violations(page), []);
    const state = await savedState(page);
    await page.close();

    const reloaded = await harness.open('lab', state);
    await charts(reloaded, 2);
    assert.equal(await reloaded.locator('saescope-lab .alpha').textContent(), `${fit.powerLaw.alpha.toFixed(3)} ± ${sigma.toFixed(3)}`);
    assert.deepEqual((await posted(reloaded)).map((m) => m.kind), ['ready']);
    await reloaded.close();
  });

  it('loss against width: α_m, φ_{1/2} per width, and the overlap beside 1/m', async () => {
    const settings: LabSettings = { mode: 'width', regime: 'strong', alpha: 1, widths: [4, 8, 12], features: 64, steps: 300, seed: 0 };
    const outcome = await engineRun(settings);
    assert.ok(outcome.mode === 'width' && outcome.scaling?.exponent);
    const page = await harness.open('lab');
    await send(page, { kind: 'record', record: record(settings, outcome), folder: '/ws/.saescope/runs/w' });
    await charts(page, 2);
    const e = outcome.scaling.exponent;
    assert.equal(await page.locator('saescope-lab .alpha-m').textContent(), `${e.alpha.toFixed(3)} ± ${e.alphaStdError!.toFixed(3)}`);
    assert.deepEqual(await page.locator('saescope-lab td.phi').allTextContents(), outcome.scaling.widths.map((w) => w.fractionRepresented.toFixed(3)));
    assert.equal(await page.locator('saescope-lab saescope-chart').nth(1).locator('text', { hasText: /^1\/m$/ }).count(), 1);
    assert.match((await page.locator('saescope-lab th', { hasText: 'φ_{1/2}' }).getAttribute('title')) ?? '', /‖W_i‖ > ½/);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('truth probes on the truth toy: per-position probabilities and AUC raw against normalised; a failure is shown', async () => {
    const settings: LabSettings = { mode: 'probe', source: 'toy:truth', labels: null, layer: null, folds: 2, normalisation: 'rms', steps: 300, seed: 0 };
    const outcome = await engineRun(settings);
    assert.ok(outcome.mode === 'probe' && outcome.probe?.kind === 'truth');
    const page = await harness.open('lab');
    await send(page, { kind: 'record', record: record(settings, outcome), folder: '/ws/.saescope/runs/p' });
    await page.waitForFunction(() => document.querySelector('saescope-lab')?.shadowRoot?.querySelector('table.positions'));
    assert.equal(await page.locator('saescope-lab table.positions tbody tr').count(), 3);
    assert.deepEqual(await page.locator('saescope-lab td.auc-normalised').allTextContents(), outcome.probe.positions.map((p) => p.probes.normalised.logistic.auc.mean.toFixed(3)));
    // Raw and normalised, logistic and mean difference, at each of the three positions.
    assert.equal(await page.locator('saescope-lab table.probes tbody tr').count(), 12);
    await page.locator('saescope-lab saescope-export-data').getByRole('button', { name: 'Export CSV' }).click();
    const csv = ((await posted(page)).find((m) => m.kind === 'exportData')!.data as string).trim().split('\r\n');
    assert.equal(csv[0], 'position,features,probe,auc_mean,auc_std,accuracy_mean,accuracy_std');
    assert.equal(csv.length, 13);

    await send(page, { kind: 'error', message: 'The diagnostic failed: boom' });
    await page.waitForFunction(() => document.querySelector('saescope-lab')?.shadowRoot?.querySelector('.error'));
    assert.match(await text(page), /boom/);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
});
