import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { JobContext } from '../../src/engine/jobs/dispatcher';
import { influenceHandler } from '../../src/engine/jobs/influenceJob';
import { llcHandler } from '../../src/engine/jobs/llcJob';
import { toyModelPreset } from '../../src/engine/toys/models/registry';
import { parseJobResult, type CheckpointLlcView, type DynamicsRunRecord, type InfluenceSettings, type LlcSettings } from '../../src/shared/protocol';
import { posted, savedState, send, violations, WebviewHarness } from './support/webviewPage';

/** Real results from the engine (reduced draws), with the checkpoints it streamed, as the host receives them. */
async function llc(settings: LlcSettings) {
  const streamed: CheckpointLlcView[] = [];
  const context: JobContext = { signal: new AbortController().signal, progress: (p) => p.llcCheckpoint && streamed.push(structuredClone(p.llcCheckpoint)) };
  const outcome = parseJobResult('llc', structuredClone(await llcHandler()({ kind: 'llc', id: 1, settings }, context)));
  const record: DynamicsRunRecord = { kind: 'llc', id: '20260101-000000-llc', settings, startedAt: '2026-01-01T00:00:00Z', seconds: 1.5, outcome };
  return { record, streamed };
}

async function influence(settings: InfluenceSettings): Promise<DynamicsRunRecord> {
  const context: JobContext = { signal: new AbortController().signal, progress: () => {} };
  const outcome = parseJobResult('influence', structuredClone(await influenceHandler()({ kind: 'influence', id: 1, settings }, context)));
  return { kind: 'influence', id: '20260101-000000-influence', settings, startedAt: '2026-01-01T00:00:00Z', seconds: 3, outcome };
}

const text = (page: Page) => page.evaluate(() => document.querySelector('saescope-dynamics')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
const has = (page: Page, selector: string, count: number) =>
  page.waitForFunction(([s, n]) => (document.querySelector('saescope-dynamics')?.shadowRoot?.querySelectorAll(s as string).length ?? 0) === n, [selector, count] as const);

describe('component: Dynamics panel (LLC and influence) in Chromium', function () {
  this.timeout(180_000);
  let harness: WebviewHarness;
  let tmp: string;
  before(async () => {
    harness = await WebviewHarness.start(['dynamics']);
    tmp = await mkdtemp(join(tmpdir(), 'saescope-dynamics-component-'));
  });
  after(async () => {
    await harness?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('LLC of a regression family: λ̂ beside its theoretical λ, health badges with their rules, traces, exports', async () => {
    const settings: LlcSettings = { mode: 'family', model: 'linear', x: null, y: null, draws: 300, seed: 0 };
    const { record } = await llc(settings);
    assert.ok(record.kind === 'llc' && record.outcome.mode === 'family' && record.outcome.family);
    const family = record.outcome.family;
    const page = await harness.open('dynamics');
    await send(page, { kind: 'running', id: record.id, job: { kind: 'llc', settings } });
    await send(page, { kind: 'progress', message: 'sampling 4 chains × 300 draws' });
    await page.waitForFunction(() => document.querySelector('saescope-dynamics')?.shadowRoot?.textContent?.includes('sampling 4 chains'));
    await send(page, { kind: 'record', record, folder: '/ws/.saescope/runs/l1' });
    await has(page, 'saescope-chart', 2);

    assert.equal(await page.locator('saescope-dynamics .headline .llc').textContent(), family.estimate.llc.mean.toFixed(3));
    assert.equal(await page.locator('saescope-dynamics td.theory').textContent(), '2.500');
    const badges = page.locator('saescope-dynamics .badges .badge');
    assert.equal(await badges.count(), 3);
    assert.equal(await page.locator('saescope-dynamics .badge.flattened').getAttribute('class'), `badge ${family.estimate.health.flattened ? 'pass' : 'warn'} flattened`);
    assert.match((await page.locator('saescope-dynamics .badge.flattened').getAttribute('title')) ?? '', /q₃.*q₄.*Here q₃ = /);
    assert.match((await page.locator('saescope-dynamics .badge.divergence').textContent()) ?? '', /no chain diverged/);
    // One polyline per chain; the mean chart: mean, ±std band, λ̂ and the theoretical λ.
    const [chains, mean] = [page.locator('saescope-dynamics saescope-chart').nth(0), page.locator('saescope-dynamics saescope-chart').nth(1)];
    assert.equal(await chains.locator('path.series0, path.series1, path.series2, path.series3').count(), 4);
    assert.equal(await mean.locator('path.series0, path.series1, path.series2, path.series3').count(), 4);
    assert.equal(await mean.locator('text', { hasText: 'λ (theory) = 2.5' }).count(), 1);
    assert.equal(((await savedState(page)) as { folder: string }).folder, '/ws/.saescope/runs/l1');

    await mean.getByRole('button', { name: 'Export SVG' }).click();
    await page.locator('saescope-dynamics saescope-export-data').getByRole('button', { name: 'Export CSV' }).click();
    await page.locator('saescope-dynamics saescope-export-data').getByRole('button', { name: 'Export JSON' }).click();
    const messages = await posted(page);
    assert.deepEqual(messages.filter((m) => m.kind === 'exportChart').map((m) => [m.format, m.name]), [['svg', 'llc-linear-mean']]);
    const [csv, json] = messages.filter((m) => m.kind === 'exportData');
    const lines = (csv.data as string).trim().split('\r\n');
    assert.equal(lines[0], 'draw,mean,std,chain_0,chain_1,chain_2,chain_3');
    assert.equal(lines.length, 1 + family.estimate.health.trace.draws.length);
    assert.equal(Number(lines[1].split(',')[1]), family.estimate.health.trace.mean[0]);
    assert.deepEqual(JSON.parse(json.data as string), family);
    // Copy as Python hands the host the saved run, which it turns into a PyTorch SGLD estimator.
    await page.getByRole('button', { name: 'Copy as Python' }).click();
    await page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.some((m) => m.kind === 'copyPython'));
    assert.deepEqual((await posted(page)).find((m) => m.kind === 'copyPython'), { kind: 'copyPython', record });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('LLC across a run: checkpoints drawn as they stream in, then the loss curve with its stages; the chosen checkpoint survives a reload', async () => {
    const dir = join(tmp, 'linear-run');
    await toyModelPreset('linear-regression').train({ steps: 600, seed: 0, outDir: dir, checkpointEvery: 150, overrides: { recordEvery: 10 } });
    const settings: LlcSettings = { mode: 'run', run: dir, draws: 150, every: 1, seed: 0 };
    const { record, streamed } = await llc(settings);
    assert.ok(record.kind === 'llc' && record.outcome.mode === 'run');
    const run = record.outcome.run;
    const page = await harness.open('dynamics');
    await send(page, { kind: 'running', id: record.id, job: { kind: 'llc', settings } });
    for (const [i, checkpoint] of streamed.entries()) {
      await send(page, { kind: 'checkpoint', checkpoint });
      await has(page, 'table.checkpoints tbody tr', i + 1);
    }
    assert.equal(await page.locator('saescope-dynamics saescope-chart').count(), 1 + 2, 'λ̂ by step, and the last checkpoint\'s traces; no loss curve yet');
    await send(page, { kind: 'record', record, folder: '/ws/.saescope/runs/r1' });
    await page.waitForFunction(() => document.querySelector('saescope-dynamics')?.shadowRoot?.textContent?.includes('Saved in'));
    await has(page, 'saescope-chart', 4);
    assert.deepEqual(await page.locator('saescope-dynamics td.llc').allTextContents(), run.checkpoints.map((c) => `${c.llc!.mean.toFixed(3)} ± ${c.llc!.std.toFixed(3)}`));
    assert.match(await text(page), /Checkpoint at step 600/);
    const boundaries = run.stages.boundaries.length;
    assert.equal(await page.locator('saescope-dynamics saescope-chart').first().locator('text', { hasText: /^stage \d+$/ }).count(), boundaries);

    await page.locator('saescope-dynamics table.checkpoints tbody tr').nth(1).click();
    await page.waitForFunction(() => document.querySelector('saescope-dynamics')?.shadowRoot?.textContent?.includes('Checkpoint at step 300'));
    assert.equal(((await savedState(page)) as { selected: number }).selected, 1);
    const state = await savedState(page);
    await page.close();

    assert.ok(JSON.stringify(state).length < 200, 'only view state is saved: the host sends the data again');
    // After a reload the serializer reads the run's folder and sends the record again.
    const reloaded = await harness.open('dynamics', state);
    await send(reloaded, { kind: 'record', record, folder: '/ws/.saescope/runs/r1' });
    await reloaded.waitForFunction(() => document.querySelector('saescope-dynamics')?.shadowRoot?.textContent?.includes('Checkpoint at step 300'));
    assert.equal(await reloaded.locator('saescope-dynamics tr.chosen td').first().textContent(), '300');
    assert.deepEqual((await posted(reloaded)).map((m) => m.kind), ['ready']);
    assert.deepEqual(await violations(reloaded), []);
    await reloaded.close();
  });

  it('influence trajectories: one chart per pair with its flips, peaks and stage boundaries marked; the table and CSV', async () => {
    const dir = join(tmp, 'dln');
    await toyModelPreset('dln').train({ steps: 2000, seed: 0, outDir: dir, checkpointEvery: 100 });
    const settings: InfluenceSettings = { run: dir, pairs: ['dog:sparrow', 'dog:cat'], draws: 200, every: null, seed: 0 };
    const record = await influence(settings);
    assert.ok(record.kind === 'influence');
    const t = record.outcome.trajectories;
    const page = await harness.open('dynamics');
    await send(page, { kind: 'record', record, folder: '/ws/.saescope/runs/i1' });
    await has(page, 'saescope-chart', 2 + 2);
    assert.deepEqual(await page.locator('saescope-dynamics table.pairs td.flips').allTextContents(), t.pairs.map((p) => p.marks.flips.map((f) => `${f.step} → ${f.to}`).join(', ') || 'none'));
    const cat = t.pairs[1];
    assert.ok(cat.marks.peaks.some((p) => p.sign === 'harmful'), 'dog:cat turns harmful');
    const catChart = page.locator('saescope-dynamics figure.trajectory saescope-chart').nth(1);
    assert.equal(await catChart.locator('text', { hasText: /^flip → / }).count(), cat.marks.flips.length);
    assert.equal(await catChart.locator('text', { hasText: /^peak / }).count(), cat.marks.peaks.length);
    assert.equal(await catChart.locator('text', { hasText: /^stage \d+$/ }).count(), t.stages.boundaries.length);

    await page.locator('saescope-dynamics saescope-export-data').getByRole('button', { name: 'Export CSV' }).click();
    const [csv] = (await posted(page)).filter((m) => m.kind === 'exportData');
    const lines = (csv.data as string).trim().split('\r\n');
    assert.equal(lines[0], 'pair,step,correlation,bif,proxy_correlation,sign');
    assert.equal(lines.length, 1 + 2 * t.checkpoints.length);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
});
