import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { LatentDetail, SaeOverview } from '../../src/shared/protocol';
import { posted, send, violations, WebviewHarness } from './support/webviewPage';

const settings = { data: 'toy:large', arch: 'topk', width: 256, k: 11, l1: null, steps: 100, batch: 1024, lr: 3e-4, seed: 0, evalRows: 1024, checkpointEvery: 25 };
const history = [10, 20].map((step) => ({ step, totalSteps: 100, loss: 1 / step, l0: 11, explainedVariance: step / 40, deadFraction: 0 }));
const compareResult = {
  a: { path: '/ws/a/sae_weights.safetensors', dIn: 4, dSae: 8, architecture: 'topk' }, b: { path: '/ws/b/params.npz', dIn: 4, dSae: 8, architecture: 'jumprelu' },
  method: 'hungarian', threshold: 0.7, meanCosine: 0.8, shared: 1, unmatchedA: 7, unmatchedB: 7,
  cosineHistogram: { edges: [-1, 0, 1], counts: [1, 1] }, pairs: [{ a: 0, b: 3, cosine: 0.99 }, { a: 1, b: 2, cosine: 0.5 }], unmatchedAList: [1], unmatchedBList: [2],
  metrics: { data: 'toy:large', rows: 100, values: [{ id: 'l0', label: 'L0', formula: 'mean_b #{i : a_bi ≠ 0}', a: 11, b: 12 }] }, seconds: 0.1,
};
const overview: SaeOverview = {
  handle: 1, path: '/ws/saes/s/sae_weights.safetensors', format: 'saelens', architecture: 'topk', dIn: 4, dSae: 3, dtype: 'float32', k: 2,
  hookName: 'blocks.0.hook_resid_post', modelName: 'toy', normalizeActivations: 'none', applyBDecToInput: true, tensors: [], metadata: {}, hasDensity: false,
};
const detail: LatentDetail = {
  index: 2, decoderNorm: 1, density: null, encoderBias: 0, topDims: [{ dim: 1, weight: 0.9 }], neighbours: [{ latent: 0, cosine: 0.3 }], activations: null,
};

/** Clicks a button in the page (open shadow roots included) by its text, then returns what the view posted since. */
async function click(page: Page, name: string, nth = 0): Promise<{ kind: string; [key: string]: unknown }[]> {
  const before = (await posted(page)).length;
  await page.getByRole('button', { name, exact: true }).nth(nth).click();
  await page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, before);
  return (await posted(page)).slice(before);
}

describe('component: data exports and Copy as Python in Chromium', function () {
  this.timeout(120_000);
  let harness: WebviewHarness;
  before(async () => {
    harness = await WebviewHarness.start(['run', 'compare', 'saeInspector']);
  });
  after(() => harness?.stop());

  it('Run panel: the history as CSV and the whole run as JSON', async () => {
    const page = await harness.open('run');
    await send(page, { kind: 'live', id: 'r1', settings });
    for (const point of history) await send(page, { kind: 'point', point });
    await page.waitForFunction(() => document.querySelector('saescope-run')?.shadowRoot?.querySelector('saescope-export-data'));
    const [csv] = await click(page, 'Export CSV');
    assert.deepEqual({ ...csv, data: undefined }, { kind: 'exportData', format: 'csv', name: 'run-r1', data: undefined });
    assert.equal(csv.data, 'step,totalSteps,loss,l0,explainedVariance,deadFraction\r\n10,100,0.1,11,0.25,0\r\n20,100,0.05,11,0.5,0\r\n');
    const [json] = await click(page, 'Export JSON');
    const run = JSON.parse(json.data as string) as { id: string; settings: unknown; history: unknown[] };
    assert.equal(run.id, 'r1');
    assert.deepEqual(run.settings, settings);
    assert.equal(run.history.length, 2);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('Compare panel: pairs as CSV, the comparison and its metrics as JSON, and Copy as Python with both paths', async () => {
    const page = await harness.open('compare');
    await send(page, { kind: 'result', result: compareResult });
    await page.waitForFunction(() => document.querySelector('saescope-compare')?.shadowRoot?.querySelector('saescope-export-data'));
    const [pairs] = await click(page, 'Export CSV');
    assert.equal(pairs.data, 'a,b,cosine,shared\r\n0,3,0.99,true\r\n1,2,0.5,false\r\n');
    const [whole] = await click(page, 'Export JSON');
    assert.deepEqual(JSON.parse(whole.data as string), compareResult);
    const [metrics] = await click(page, 'Export CSV', 1);
    assert.equal(metrics.name, 'compare-metrics');
    assert.match(metrics.data as string, /^metric,label,a,b,b_minus_a,formula\r\nl0,L0,11,12,1,mean_b #\{i : a_bi ≠ 0\}\r\n$/);
    const [copy] = await click(page, 'Copy as Python');
    assert.deepEqual(copy, { kind: 'copyPython', a: compareResult.a.path, b: compareResult.b.path, threshold: 0.7, method: 'hungarian' });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('Inspector: the table through the host in the view’s order, the latent page in Neuronpedia fields, Copy as Python', async () => {
    const page = await harness.open('saeInspector');
    await send(page, { kind: 'overview', overview });
    await page.waitForFunction(() => document.querySelector('saescope-sae-inspector')?.shadowRoot?.textContent?.includes('of 3 latents'));
    const [table] = await click(page, 'Export CSV');
    assert.deepEqual(table, { kind: 'exportLatents', format: 'csv', query: { sortBy: 'index', descending: false, search: '' } });
    const [copyTable] = await click(page, 'Copy as Python');
    assert.deepEqual(copyTable, { kind: 'copyPython', latent: null });

    await send(page, { kind: 'latent', detail });
    await page.waitForFunction(() => document.querySelector('saescope-sae-inspector')?.shadowRoot?.querySelector('saescope-export-data'));
    const [feature] = await click(page, 'Export feature (Neuronpedia) JSON');
    assert.equal(feature.kind, 'exportData');
    assert.equal(feature.name, 'latent-2');
    const fields = JSON.parse(feature.data as string) as Record<string, unknown>;
    assert.deepEqual([fields.modelId, fields.layer, fields.index, fields.neuron_alignment_indices, fields.topkCosSimIndices], ['toy', 'blocks.0.hook_resid_post', '2', [1], [0]]);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
});
