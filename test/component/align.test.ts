import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { defaultAlignSettings } from '../../src/extension/align/alignDefaults';
import { alignModels } from '../../src/engine/jobs/alignJob';
import { writeNpy } from '../../src/engine/io';
import { Rng } from '../../src/engine/util/random';
import type { AlignOutcome, AlignRunRecord, AlignSettings } from '../../src/shared/protocol';
import { posted, savedState, send, violations, WebviewHarness } from './support/webviewPage';

const ROWS = 2000;

/** Two ReLU mixtures of the same 12 sparse features, 5 units each, as .npy files. */
async function twoModelFiles(dir: string): Promise<[string, string]> {
  const rng = new Rng(3);
  const features = new Float32Array(ROWS * 12);
  for (let i = 0; i < features.length; i++) if (rng.uniform() < 0.15) features[i] = rng.uniform();
  const files: string[] = [];
  for (const seed of [1, 2]) {
    const w = new Rng(seed).fillNormal(new Float32Array(12 * 5));
    const h = new Float32Array(ROWS * 5);
    for (let r = 0; r < ROWS; r++) for (let u = 0; u < 5; u++) {
      let s = 0;
      for (let f = 0; f < 12; f++) s += features[r * 12 + f] * w[f * 5 + u];
      h[r * 5 + u] = Math.max(0, s);
    }
    const file = join(dir, `m${seed}.npy`);
    await writeNpy(file, { dtype: 'F32', shape: [ROWS, 5], data: h });
    files.push(file);
  }
  return [files[0], files[1]];
}

const text = (page: Page) => page.evaluate(() => document.querySelector('saescope-align')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
const cell = (page: Page, direction: string, comparison: string, metric: string) =>
  page.locator(`saescope-align table[data-direction="${direction}"] tr[data-comparison="${comparison}"] td[data-metric="${metric}"]`);

describe('component: Alignment panel in Chromium', function () {
  this.timeout(180_000);
  let harness: WebviewHarness;
  let dir: string;
  let settings: AlignSettings;
  let record: AlignRunRecord;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saescope-align-panel-'));
    const [a, b] = await twoModelFiles(dir);
    settings = { ...defaultAlignSettings(a, b, null), width: 10, k: 3, lr: 4e-3, batch: 256, evalRows: 400 };
    // A real outcome of the engine, as the worker would send it.
    const outcome = JSON.parse(JSON.stringify(await alignModels(settings, { signal: new AbortController().signal, progress: () => {} }))) as AlignOutcome;
    record = { kind: 'align', id: '20260101-000000-align', settings, startedAt: '2026-01-01T00:00:00Z', seconds: 2.5, outcome };
    harness = await WebviewHarness.start(['align']);
  });
  after(async () => {
    await harness?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('progress while it runs, then both tables with fold SEMs, the change highlighted and formulas on hover', async () => {
    const page = await harness.open('align');
    await send(page, { kind: 'running', id: record.id, settings });
    await send(page, { kind: 'progress', message: 'SAE training step 3/6: A mse 0.01', fraction: 0.4 });
    await page.waitForFunction(() => document.querySelector('saescope-align')?.shadowRoot?.textContent?.includes('step 3/6'));
    assert.match(await text(page), /Running \(40%\): SAE training step 3\/6/);

    await send(page, { kind: 'record', record, folder: '/ws/.saescope/runs/a1' });
    await page.waitForFunction(() => document.querySelector('saescope-align')?.shadowRoot?.querySelector('table.scores'));
    assert.match(await text(page), /Saved in \/ws\/\.saescope\/runs\/a1 \(2\.5 s\)/);
    for (const d of record.outcome.directions) {
      for (const row of d.table) {
        for (const m of ['semi', 'soft', 'ridge'] as const) {
          assert.equal(await cell(page, d.direction, row.comparison, m).textContent(), `${row[m].mean.toFixed(3)} ± ${row[m].sem.toFixed(3)}`);
        }
      }
      const change = page.locator(`saescope-align table[data-direction="${d.direction}"] tr.change td[data-metric="semi"]`);
      const expected = d.change.semi.difference > 0 ? /gain/ : /loss/;
      assert.match((await change.getAttribute('class')) ?? '', expected);
      assert.match((await change.textContent()) ?? '', new RegExp(`^[+−]${Math.abs(d.change.semi.difference).toFixed(3)} \\([+−]\\d+%\\)$`));
    }
    const header = page.locator('saescope-align table[data-direction="A→B"] th.metric').first();
    assert.equal(await header.getAttribute('title'), `semi-matching = ${record.outcome.protocol.formulas.semi}`);
    assert.match((await cell(page, 'A→B', 'N→N', 'ridge').getAttribute('title')) ?? '', /^ridge predictivity = mean_j cos[\s\S]*folds: [\d., -]+\(mean ± SEM = sd\/√5\)[\s\S]*α per fold/);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('the per-unit chart: raw against SAE, metric and direction chosen, kept in setState; exports chart and data; the same chart after a reload', async () => {
    const page = await harness.open('align');
    await send(page, { kind: 'record', record, folder: '/ws/.saescope/runs/a1' });
    await page.waitForFunction(() => document.querySelector('saescope-align')?.shadowRoot?.querySelector('saescope-chart'));
    const chart = page.locator('saescope-align saescope-chart');
    const [nn, , ss] = record.outcome.directions[0].table;
    assert.equal(await chart.locator('path.series0, path.series1').count(), 2, 'one curve for raw units, one for SAE latents');
    assert.equal(await chart.locator('text', { hasText: `raw units (N→N), ${nn.semi.perUnit!.score.length} units` }).count(), 1);
    assert.equal(await chart.locator('text', { hasText: `SAE latents (SAE→SAE), ${ss.semi.perUnit!.score.length} units` }).count(), 1);

    await page.locator('saescope-align vscode-button', { hasText: 'soft-matching' }).click();
    await page.locator('saescope-align vscode-button', { hasText: 'B→A' }).click();
    await page.waitForFunction(() => document.querySelector('saescope-align')?.shadowRoot?.querySelector('saescope-chart')?.getAttribute('name')?.endsWith('soft-ba-per-unit'));
    const state = (await savedState(page)) as { folder: string; choice: unknown };
    assert.equal(state.folder, '/ws/.saescope/runs/a1');
    assert.deepEqual(state.choice, { metric: 'soft', direction: 1 });

    await chart.getByRole('button', { name: 'Export SVG' }).click();
    await chart.getByRole('button', { name: 'Export PNG' }).click();
    const exports = page.locator('saescope-align saescope-export-data');
    await exports.first().getByRole('button', { name: 'Export CSV' }).click();
    await exports.first().getByRole('button', { name: 'Export JSON' }).click();
    await exports.nth(1).getByRole('button', { name: 'Export per-unit CSV' }).click();
    const messages = await posted(page);
    assert.deepEqual(messages.filter((m) => m.kind === 'exportChart').map((m) => [m.format, m.name]), [['svg', `${record.id}-soft-ba-per-unit`], ['png', `${record.id}-soft-ba-per-unit`]]);
    const data = messages.filter((m) => m.kind === 'exportData');
    assert.deepEqual(data.map((m) => [m.format, m.name]), [['csv', `${record.id}-scores`], ['json', `${record.id}-scores`], ['csv', `${record.id}-per-unit`]]);
    const csv = (data[0].data as string).trim().split('\r\n');
    assert.equal(csv[0], 'direction,comparison,source,target,metric,mean,sem,fold_1,fold_2,fold_3,fold_4,fold_5,source_units,target_units');
    assert.equal(csv.length, 1 + 2 * 4 * 3);
    assert.equal(csv[1].split(',')[5], String(nn.semi.mean));
    assert.deepEqual(JSON.parse(data[1].data as string), record);
    const perUnit = (data[2].data as string).trim().split('\r\n');
    assert.equal(perUnit[0], 'direction,comparison,metric,target,target_unit,score');
    assert.equal(perUnit[1], `A→B,N→N,semi-matching,B neurons,${nn.semi.perUnit!.unit[0]},${nn.semi.perUnit!.score[0]}`);
    // Copy as Python hands the host the run shown, which it turns into NumPy code.
    await page.getByRole('button', { name: 'Copy as Python' }).click();
    await page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.some((m) => m.kind === 'copyPython'));
    assert.deepEqual((await posted(page)).find((m) => m.kind === 'copyPython'), { kind: 'copyPython', record });
    const saved = await savedState(page);
    await page.close();

    const { scrollY, ...kept } = saved as { scrollY: number };
    assert.ok(scrollY >= 0);
    assert.deepEqual(kept, { folder: '/ws/.saescope/runs/a1', choice: { metric: 'soft', direction: 1 } }, 'the run itself is not kept: the host sends it again');
    const reloaded = await harness.open('align', saved);
    await send(reloaded, { kind: 'record', record, folder: '/ws/.saescope/runs/a1' });
    await reloaded.waitForFunction(() => document.querySelector('saescope-align')?.shadowRoot?.querySelector('saescope-chart')?.getAttribute('name')?.endsWith('soft-ba-per-unit'));
    assert.equal(await cell(reloaded, 'B→A', 'SAE→SAE', 'ridge').textContent(), `${record.outcome.directions[1].table[2].ridge.mean.toFixed(3)} ± ${record.outcome.directions[1].table[2].ridge.sem.toFixed(3)}`);
    assert.deepEqual((await posted(reloaded)).map((m) => m.kind), ['ready']);
    assert.deepEqual(await violations(reloaded), []);
    await reloaded.close();
  });

  it('an error is shown in place of the result', async () => {
    const page = await harness.open('align');
    await send(page, { kind: 'running', id: 'x', settings });
    await send(page, { kind: 'error', message: 'Cancelled; nothing was saved.' });
    await page.waitForFunction(() => document.querySelector('saescope-align')?.shadowRoot?.querySelector('.error'));
    assert.equal(await page.locator('saescope-align .error').textContent(), 'Cancelled; nothing was saved.');
    await page.close();
  });
});
