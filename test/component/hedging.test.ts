import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { JobContext } from '../../src/engine/jobs/dispatcher';
import { hedgingHandler } from '../../src/engine/jobs/hedgingJob';
import type { HedgingOutcome, HedgingPart, HedgingRunRecord, HedgingSettings } from '../../src/shared/protocol';
import { posted, savedState, send, violations, WebviewHarness } from './support/webviewPage';

/** Real results from the engine (short runs), with the parts it streamed on the way. */
async function engineRun(settings: HedgingSettings): Promise<{ outcome: HedgingOutcome; parts: HedgingPart[] }> {
  const parts: HedgingPart[] = [];
  const context: JobContext = { signal: new AbortController().signal, progress: (p) => p.hedgingPart && parts.push(p.hedgingPart) };
  const outcome = await hedgingHandler()({ kind: 'hedging', id: 1, settings }, context);
  return JSON.parse(JSON.stringify({ outcome, parts })) as { outcome: HedgingOutcome; parts: HedgingPart[] };
}

const record = (settings: HedgingSettings, outcome: HedgingOutcome): HedgingRunRecord => ({
  kind: 'hedging', id: `20260101-000000-hedging-${settings.mode}`, settings, startedAt: '2026-01-01T00:00:00Z', seconds: 2.5, outcome,
});

const text = (page: Page) => page.evaluate(() => document.querySelector('saescope-hedging')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
const degrees = (radians: number) => `${((radians * 180) / Math.PI).toFixed(1)}°`;

describe('component: Hedging panel in Chromium', function () {
  this.timeout(180_000);
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start(['hedging']);
  });
  after(() => harness?.stop());

  it('single-latent toys: fills in toy by toy with θ* and the trained θ, draws the vectors, exports charts and data', async () => {
    const settings: HedgingSettings = { mode: 'toys', toys: ['toy:hedging-hierarchical', 'toy:hedging-anticorrelated'], steps: 600, seed: 0 };
    const { outcome, parts } = await engineRun(settings);
    assert.ok(outcome.mode === 'toys' && outcome.toys.length === 2);
    const page = await harness.open('hedging');
    await send(page, { kind: 'running', id: 'h1', settings });
    await send(page, { kind: 'progress', message: 'toy:hedging-hierarchical: step 300/600' });
    await page.waitForFunction(() => document.querySelector('saescope-hedging')?.shadowRoot?.textContent?.includes('step 300/600'));
    await send(page, { kind: 'part', part: parts[0] });
    await page.waitForFunction(() => document.querySelector('saescope-hedging')?.shadowRoot?.querySelectorAll('saescope-chart').length === 1);
    await send(page, { kind: 'part', part: parts[1] });
    await page.waitForFunction(() => document.querySelector('saescope-hedging')?.shadowRoot?.querySelectorAll('saescope-chart').length === 2);

    const [hierarchical, anti] = outcome.toys;
    assert.equal(await page.locator('saescope-hedging td.theta-star').first().textContent(), degrees(hierarchical.analytic.theta));
    assert.equal(await page.locator('saescope-hedging td.theta-trained').first().textContent(), degrees(Math.atan2(hierarchical.trained.decoder.child, hierarchical.trained.decoder.parent)));
    assert.equal(await page.locator('saescope-hedging td.theta-star').nth(1).textContent(), degrees(anti.analytic.theta));
    assert.equal(degrees(hierarchical.analytic.theta), '13.3°', 'θ* = ½·atan(2·0.05/0.2)');
    // Four polylines per vectors chart (θ*, decoder, encoder, unit circle); the θ* arrow ends at (cos θ*, sin θ*).
    const firstChart = page.locator('saescope-hedging saescope-chart').first();
    assert.equal(await firstChart.locator('path.series0, path.series1, path.series2, path.series3').count(), 4);
    assert.match(await text(page), /Running/);

    await send(page, { kind: 'record', record: record(settings, outcome), folder: '/ws/.saescope/runs/h1' });
    await page.waitForFunction(() => document.querySelector('saescope-hedging')?.shadowRoot?.textContent?.includes('Saved in'));
    assert.equal(((await savedState(page)) as { folder: string }).folder, '/ws/.saescope/runs/h1');

    await firstChart.getByRole('button', { name: 'Export SVG' }).click();
    await firstChart.getByRole('button', { name: 'Export PNG' }).click();
    await page.locator('saescope-hedging saescope-export-data').first().getByRole('button', { name: 'Export CSV' }).click();
    await page.locator('saescope-hedging saescope-export-data').first().getByRole('button', { name: 'Export JSON' }).click();
    const messages = await posted(page);
    const charts = messages.filter((m) => m.kind === 'exportChart');
    assert.deepEqual(charts.map((m) => [m.format, m.name]), [['svg', 'hedging-hierarchical-vectors'], ['png', 'hedging-hierarchical-vectors']]);
    const data = messages.filter((m) => m.kind === 'exportData');
    assert.deepEqual(data.map((m) => m.format), ['csv', 'json']);
    const csv = (data[0].data as string).split('\r\n');
    assert.match(csv[0], /^toy,p_parent_only,p_both,p_child_only,theta_star,/);
    assert.equal(csv[1].split(',')[4], String(hierarchical.analytic.theta));
    assert.deepEqual(JSON.parse(data[1].data as string), { toys: outcome.toys });

    // Copy as Python hands the host the outcome shown, which it turns into NumPy code.
    await page.getByRole('button', { name: 'Copy as Python' }).click();
    await page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.some((m) => m.kind === 'copyPython'));
    assert.deepEqual((await posted(page)).find((m) => m.kind === 'copyPython'), { kind: 'copyPython', outcome });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('γ sweep: absorption and hedging against γ with the balance point marked; the chosen row stands out', async () => {
    const settings: HedgingSettings = { mode: 'gamma', toy: 'toy:tree', gammas: [0, 0.25, 1], detached: true, steps: 300, seed: 0 };
    const { outcome } = await engineRun(settings);
    assert.ok(outcome.mode === 'gamma' && outcome.sweep.balance);
    const page = await harness.open('hedging');
    await send(page, { kind: 'record', record: record(settings, outcome), folder: '/ws/.saescope/runs/g' });
    await page.waitForFunction(() => document.querySelector('saescope-hedging')?.shadowRoot?.querySelector('saescope-chart'));
    const balance = outcome.sweep.balance.gamma;
    assert.equal(await page.locator('saescope-hedging .balance').textContent(), String(balance));
    assert.ok((await page.locator('saescope-hedging saescope-chart text', { hasText: `balance γ = ${balance}` }).count()) === 1, 'the marker is labelled');
    assert.equal(await page.locator('saescope-hedging tr.chosen').count(), 1);
    assert.equal(await page.locator('saescope-hedging tbody tr').count(), 4, 'three γ runs and the detached run');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('hedging degree: h, p against the baseline draws, and the panel back from setState after a reload', async () => {
    const page = await harness.open('hedging');
    const degree = {
      sae: '/ws/saes/topk', data: 'toy:small', width: 3, newLatents: 2, rank: 2, deltaNorm: 0.05, deltaProjection: 0.02, controlNorm: 1, portion: 0.02,
      baseline: 0.01, baselineStd: 0.002, baselines: 5, baselineSamples: [0.008, 0.009, 0.01, 0.011, 0.012], degree: (0.02 - 0.01) / (1 - 0.01),
      meanCosine: 0.99, architecture: 'topk', k: 2, l1: null, steps: 30, batch: 1024, lr: 3e-4, seed: 0, cancelled: false, newLatentsFiring: 0,
      control: null, extended: null, formula: 'h = max(0, (p − b)/(1 − b))',
    };
    const settings: HedgingSettings = { mode: 'sae', sae: '/ws/saes/topk', data: 'toy:small', steps: 30, newLatents: 2, baselines: 5, seed: 0 };
    await send(page, { kind: 'record', record: record(settings, { mode: 'sae', cancelled: false, degree }), folder: '/ws/.saescope/runs/d' });
    await page.waitForFunction(() => document.querySelector('saescope-hedging')?.shadowRoot?.querySelector('saescope-chart'));
    assert.equal(await page.locator('saescope-hedging .degree').textContent(), degree.degree.toFixed(4));
    assert.match(await text(page), /No new latent fired/);
    assert.equal(await page.locator('saescope-hedging saescope-chart text', { hasText: /^p 0\.0200$/ }).count(), 1);
    const state = await savedState(page);
    await page.close();

    const reloaded = await harness.open('hedging', state);
    await reloaded.waitForFunction(() => document.querySelector('saescope-hedging')?.shadowRoot?.querySelector('saescope-chart'));
    assert.equal(await reloaded.locator('saescope-hedging .degree').textContent(), degree.degree.toFixed(4));
    assert.deepEqual((await posted(reloaded)).map((m) => m.kind), ['ready']);
    assert.deepEqual(await violations(reloaded), []);
    await reloaded.close();
  });
});
