import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { LatentQuery, SaeOverview } from '../../src/shared/protocol';
import { posted, savedState, send, violations, WebviewHarness, type TestWindow } from './support/webviewPage';

const D_SAE = 65_536;
const overview: SaeOverview = {
  handle: 1, path: '/runs/r1/sae/sae_weights.safetensors', format: 'saelens', architecture: 'jumprelu', dIn: 2304, dSae: D_SAE, dtype: 'float32',
  k: null, hookName: 'blocks.12.hook_resid_post', modelName: 'gemma-2-2b', normalizeActivations: 'none', applyBDecToInput: false,
  tensors: [{ name: 'W_enc', shape: [2304, D_SAE] }], metadata: { hook_name: 'blocks.12.hook_resid_post' }, hasDensity: true,
};

/** Answers the view's row requests as the worker would for a table whose decoder norm is the latent index. */
async function actAsHost(page: Page): Promise<void> {
  await page.evaluate((dSae) => {
    const w = window as unknown as TestWindow & { __answered: number };
    w.__answered = 0;
    setInterval(() => {
      for (; w.__answered < w.__posted.length; w.__answered++) {
        const m = w.__posted[w.__answered];
        if (m.kind !== 'rows') continue;
        const q = m.query as LatentQuery;
        const rows = [];
        for (let p = q.offset; p < Math.min(dSae, q.offset + q.limit); p++) {
          const index = q.descending ? dSae - 1 - p : p;
          rows.push({ index, density: 1 / (index + 2), maxActivation: null, decoderNorm: index, nearest: (index + 1) % dSae, nearestCosine: 0.5 });
        }
        window.postMessage({ kind: 'rows', requestId: m.requestId, page: { offset: q.offset, total: dSae, rows } }, '*');
      }
    }, 5);
  }, D_SAE);
}

const renderedLatents = (page: Page) =>
  page.evaluate(() => {
    const table = document.querySelector('saescope-sae-inspector')?.shadowRoot?.querySelector('saescope-latent-table');
    return Array.from(table?.shadowRoot?.querySelectorAll('[data-latent]') ?? []).map((row) => Number(row.getAttribute('data-latent')));
  });

describe('component: SAE inspector in Chromium', function () {
  this.timeout(120_000);
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start(['saeInspector']);
  });
  after(() => harness?.stop());

  it('renders only the rows in view of 65,536, fetching pages as it scrolls, under the nonce-only CSP', async () => {
    const page = await harness.open('saeInspector');
    assert.deepEqual((await posted(page))[0], { kind: 'ready' });
    await actAsHost(page);
    await send(page, { kind: 'overview', overview });
    await page.waitForFunction(() => document.querySelector('saescope-sae-inspector')?.shadowRoot?.textContent?.includes('65536 of 65536'));
    await page.waitForFunction(() => document.querySelector('saescope-sae-inspector')?.shadowRoot?.querySelector('saescope-latent-table')?.shadowRoot?.querySelector('[data-latent="0"]'));
    const first = await renderedLatents(page);
    assert.ok(first.length > 10 && first.length < 200, `rendered ${first.length} rows`);

    const started = Date.now();
    await page.evaluate(() => {
      const table = document.querySelector('saescope-sae-inspector')?.shadowRoot?.querySelector('saescope-latent-table');
      const scroller = table?.shadowRoot?.querySelector('.scroller') as HTMLElement;
      scroller.scrollTop = 30_000 * 22;
    });
    await page.waitForFunction(() =>
      document.querySelector('saescope-sae-inspector')?.shadowRoot?.querySelector('saescope-latent-table')?.shadowRoot?.querySelector('[data-latent="30010"]'),
    );
    assert.ok(Date.now() - started < 3000, 'a far scroll shows its rows at once');
    const requests = (await posted(page)).filter((m) => m.kind === 'rows');
    assert.ok(requests.every((m) => (m.query as LatentQuery).limit <= 200), 'rows come in pages');
    assert.ok(requests.length < 20, `${requests.length} page requests, not one per row`);
    assert.ok(((await savedState(page)) as { scrollTop: number }).scrollTop > 600_000, 'scroll position kept in setState');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('sorts in the worker, searches, selects a latent, and keeps all of it in setState', async () => {
    const page = await harness.open('saeInspector');
    await actAsHost(page);
    await send(page, { kind: 'overview', overview });
    await page.waitForFunction(() => document.querySelector('saescope-sae-inspector')?.shadowRoot?.querySelector('saescope-latent-table')?.shadowRoot?.querySelector('[data-latent="0"]'));
    const table = page.locator('saescope-latent-table');
    await table.getByRole('button', { name: /Decoder/ }).click();
    await page.waitForFunction(() => document.querySelector('saescope-sae-inspector')?.shadowRoot?.querySelector('saescope-latent-table')?.shadowRoot?.querySelector('[data-latent="65535"]'));
    const sortRequest = (await posted(page)).filter((m) => m.kind === 'rows').pop()?.query as LatentQuery;
    assert.equal(sortRequest.sortBy, 'decoderNorm');
    assert.equal(sortRequest.descending, true, 'a value column sorts largest first');
    await table.locator('[data-latent="65534"]').click();
    assert.deepEqual((await posted(page)).pop(), { kind: 'latent', latent: 65534 });
    await page.locator('vscode-textfield input').fill('cos>0.4');
    await page.waitForFunction(() => (window as unknown as TestWindow).__posted.some((m) => m.kind === 'rows' && (m.query as { search: string }).search === 'cos>0.4'));
    assert.deepEqual(await savedState(page), { scrollTop: 0, sortBy: 'decoderNorm', descending: true, search: 'cos>0.4', selected: 65534 });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('restores sort, search, scroll and the selected latent after a reload', async () => {
    const state = { scrollTop: 22 * 5000, sortBy: 'density', descending: true, search: '', selected: 7 };
    const page = await harness.open('saeInspector', state);
    await actAsHost(page);
    await send(page, { kind: 'overview', overview });
    await page.waitForFunction(() => (window as unknown as TestWindow).__posted.some((m) => m.kind === 'latent'));
    const messages = await posted(page);
    assert.deepEqual(messages.find((m) => m.kind === 'latent'), { kind: 'latent', latent: 7 });
    const firstRows = messages.find((m) => m.kind === 'rows')?.query as LatentQuery;
    assert.equal(firstRows.sortBy, 'density');
    assert.ok(firstRows.offset >= 4800, `first page asked for is near the saved scroll, got offset ${firstRows.offset}`);
    await page.close();
  });

  it('shows top examples in their token context, each token shaded by the latent\'s activation', async () => {
    const page = await harness.open('saeInspector', { scrollTop: 0, sortBy: 'index', descending: false, search: '', selected: 3 });
    await actAsHost(page);
    await send(page, { kind: 'overview', overview });
    await send(page, { kind: 'columnsChanged', attached: { source: 'acts.npy', rows: 100, truncated: false, seconds: 1, tokens: 'tokens.npy' }, nearestReady: true });
    const examples = [
      { row: 42, value: 4, context: { tokens: ['the', 'cat', 'sat'], values: [0, 4, 1], focus: 1 } },
      { row: 7, value: 2, context: { tokens: ['a', 'cat'], values: [0, 2], focus: 1 } },
    ];
    const detail = {
      index: 3, decoderNorm: 1, density: 0.1, encoderBias: 0, topDims: [], neighbours: [],
      activations: { max: 4, fired: 2, rows: 100, histogram: { edges: [2, 3, 4], counts: [1, 1] }, examples },
    };
    await send(page, { kind: 'latent', detail });
    const tokens = page.locator('saescope-latent-page .token');
    await tokens.first().waitFor();
    assert.deepEqual(await tokens.allTextContents(), ['the', 'cat', 'sat', 'a', 'cat']);
    assert.deepEqual(await page.locator('saescope-latent-page .token.focus').allTextContents(), ['cat', 'cat']);
    const shades = await tokens.evaluateAll((spans) => spans.map((s) => getComputedStyle(s).backgroundColor));
    assert.equal(shades[0], shades[3], 'tokens where the latent is silent share one shade');
    assert.notEqual(shades[1], shades[0], 'the maximum token is shaded');
    assert.notEqual(shades[1], shades[2], 'shading grows with the activation');
    assert.equal(await tokens.nth(2).getAttribute('title'), '1.0000');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
});
