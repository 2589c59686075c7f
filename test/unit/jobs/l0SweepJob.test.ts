import assert from 'node:assert/strict';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { HEATMAP_CELL_LIMIT, l0SweepHandler, latentFeatureHeatmap } from '../../../src/engine/jobs/l0SweepJob';
import type { SaeBundle } from '../../../src/engine/sae/bundle';
import type { ToyTruth } from '../../../src/engine/toys';
import { cancelledOutcome } from '../../../src/extension/l0/l0Outcome';
import { parseJobResult, parseWorkerMessage, type JobProgress, type L0SweepSettings } from '../../../src/shared/protocol';

const settings = (over: Partial<L0SweepSettings> = {}): L0SweepSettings => ({
  data: 'toy:large', arch: 'batchtopk', width: null, l0s: [5, 11], coefficients: null, steps: 40, batch: 256, lr: 1e-3, seed: 0, evalRows: 1024, ...over,
});

/** Runs the job as the dispatcher would; every progress event goes through the worker→host message parser. */
async function runJob(s: L0SweepSettings, abortAfterRows = Infinity) {
  const controller = new AbortController();
  const events: JobProgress[] = [];
  const context: JobContext = {
    signal: controller.signal,
    progress: (update) => {
      const parsed = parseWorkerMessage(structuredClone({ kind: 'progress', id: 1, ...update }));
      assert.equal(parsed.kind, 'progress');
      const { kind: _k, id: _i, ...progress } = parsed as { kind: 'progress'; id: number } & JobProgress;
      events.push(progress);
      if (events.filter((e) => e.l0Row).length >= abortAfterRows) controller.abort();
    },
  };
  const result = parseJobResult('l0Sweep', structuredClone(await l0SweepHandler()({ kind: 'l0Sweep', settings: s, id: 1 }, context)));
  return { result, events };
}

/** (1/g) Σ_j max_i C_ij from a heatmap: the MMCS the engine reports, computed again from what the panel draws. */
function mmcsOf(h: { latents: number; features: number; cosines: number[] }): number {
  let sum = 0;
  for (let j = 0; j < h.features; j++) {
    let best = -Infinity;
    for (let r = 0; r < h.latents; r++) best = Math.max(best, h.cosines[r * h.features + j]);
    sum += best;
  }
  return sum / h.features;
}

describe('jobs/l0Sweep', function () {
  this.timeout(120_000);

  it('streams the shape, then each SAE with its heatmap, and returns the same rows with the recommendation', async () => {
    const { result, events } = await runJob(settings());
    const startAt = events.findIndex((e) => e.l0Start);
    const rowEvents = events.filter((e) => e.l0Row);
    assert.ok(startAt >= 0 && startAt < events.indexOf(rowEvents[0]), 'l0Start comes before the first row');
    const start = events[startAt].l0Start!;
    assert.deepEqual({ dIn: start.dIn, width: start.width, settings: start.settings }, { dIn: 100, width: 50, settings: [5, 11] });
    assert.ok(Math.abs(start.trueL0! - 10.9525) < 1e-3);
    assert.ok(events.some((e) => e.fraction !== undefined && e.fraction > 0 && e.fraction <= 1), 'training progress with a fraction');

    assert.deepEqual(rowEvents.map((e) => e.l0Row), result.rows);
    assert.deepEqual(result.rows.map((r) => [r.index, r.k]), [[0, 5], [1, 11]]);
    for (const row of result.rows) {
      const h = row.heatmap!;
      assert.equal(h.latents, 50);
      assert.equal(h.features, 50);
      assert.deepEqual([...h.order].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i), 'order is a permutation of the latents');
      assert.ok(h.cosines.every((c) => c >= -1 && c <= 1));
      assert.ok(Math.abs(mmcsOf(h) - row.mmcs!) < 1e-3, `MMCS from the heatmap ${mmcsOf(h)} vs the engine's ${row.mmcs}`);
    }
    assert.equal(result.cancelled, false);
    assert.equal(result.trueL0, start.trueL0);
    const best = result.rows.reduce((a, b) => (b.cDec < a.cDec ? b : a));
    assert.deepEqual([result.recommended?.rule, result.recommended?.index], ['minimum', best.index]);
  });

  it('keeps what finished when cancelled, and the host builds the same kind of outcome from the streamed rows', async () => {
    const s = settings({ arch: 'topk', l0s: [3, 5, 7], steps: 20 });
    const { result, events } = await runJob(s, 1);
    assert.equal(result.cancelled, true);
    assert.equal(result.rows.length, 1);
    const start = events.find((e) => e.l0Start)!.l0Start!;
    const rows = events.flatMap((e) => (e.l0Row ? [e.l0Row] : []));
    const outcome = cancelledOutcome(s, start, rows, 1.5);
    assert.deepEqual(outcome.rows, result.rows);
    assert.equal(outcome.cancelled, true);
    assert.deepEqual(outcome.recommended, result.recommended);
    assert.equal(outcome.evalRows, result.evalRows);
    // The outcome the host saves must read back through the protocol's parser.
    assert.deepEqual(parseJobResult('l0Sweep', structuredClone(outcome)), outcome);
  });
});

describe('jobs/l0Sweep heatmap', () => {
  const identityTruth = (g: number): ToyTruth => {
    const features = new Float32Array(g * g);
    for (let i = 0; i < g; i++) features[i * g + i] = 1;
    return { nFeatures: g, d: g, features } as unknown as ToyTruth;
  };
  const bundle = (rows: number[][]): SaeBundle =>
    ({ cfg: { d_in: rows[0].length, d_sae: rows.length }, W_dec: Float32Array.from(rows.flat()) }) as unknown as SaeBundle;

  it('draws latents in the papers’ order: a permuted, scaled basis comes out as the identity', () => {
    // latent 0 ∝ f2, latent 1 ∝ −f0, latent 2 ∝ f1 (cosines are scale-free; the sign stays)
    const h = latentFeatureHeatmap(bundle([[0, 0, 3], [-2, 0, 0], [0, 0.5, 0]]), identityTruth(3))!;
    assert.deepEqual(h.order, [1, 2, 0]);
    assert.deepEqual(h.cosines, [-1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('leaves out matrices over the cell limit', () => {
    const g = Math.ceil(Math.sqrt(HEATMAP_CELL_LIMIT)) + 1;
    const sae = { cfg: { d_in: g, d_sae: g }, W_dec: new Float32Array(g * g) } as unknown as SaeBundle;
    assert.equal(latentFeatureHeatmap(sae, identityTruth(g)), null);
  });
});
