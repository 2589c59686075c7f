import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { hedgingHandler } from '../../../src/engine/jobs/hedgingJob';
import type { SaeBundle } from '../../../src/engine/sae/bundle';
import { saveSaeLensFolder } from '../../../src/engine/sae/formats';
import { openSource } from '../../../src/engine/sources';
import { parseHedgingOutcome, type HedgingPart, type HedgingSettings, type JobProgress } from '../../../src/shared/protocol';

/** Runs the job as the worker would; `cancelAfterParts` aborts once that many parts have streamed. */
async function run(settings: HedgingSettings, cancelAfterParts = Infinity) {
  const controller = new AbortController();
  const updates: JobProgress[] = [];
  const parts: HedgingPart[] = [];
  const context: JobContext = {
    signal: controller.signal,
    progress: (update) => {
      // Everything the job sends crosses a worker boundary: it must survive JSON as it is.
      updates.push(JSON.parse(JSON.stringify(update)) as JobProgress);
      if (update.hedgingPart) parts.push(update.hedgingPart);
      if (parts.length >= cancelAfterParts) controller.abort();
    },
  };
  const outcome = await hedgingHandler()({ kind: 'hedging', id: 1, settings }, context);
  return { outcome: parseHedgingOutcome(JSON.parse(JSON.stringify(outcome)), 'outcome'), updates, parts };
}

describe('jobs/hedging', () => {
  it('single-latent toys: each toy streams as a part with θ* = ½·atan(2P₁₂/P₁) beside the trained latent', async () => {
    const toys = ['toy:hedging-hierarchical', 'toy:hedging-independent'];
    const { outcome, updates, parts } = await run({ mode: 'toys', toys, steps: 3000, seed: 0 });
    assert.ok(outcome.mode === 'toys' && !outcome.cancelled);
    assert.deepEqual(outcome.toys.map((t) => t.toy), toys);
    assert.deepEqual(parts, outcome.toys.map((toy) => ({ kind: 'toy', toy })));
    const [hierarchical, independent] = outcome.toys;
    // P₁ = 0.25·0.8, P₁₂ = 0.25·0.2 (hierarchical); independent: P₁₂ = 0.25·0.2 as well.
    assert.ok(Math.abs(hierarchical.analytic.theta - 0.5 * Math.atan((2 * 0.05) / 0.2)) < 1e-12);
    assert.ok(Math.abs(hierarchical.analytic.cosChild - 0.2297) < 1e-4, `sin θ* ${hierarchical.analytic.cosChild} (spec T6: 0.2297)`);
    assert.equal(hierarchical.steps, 3000);
    assert.ok(hierarchical.trained.decoder.parent > 0.9, `trained from the parent: ${hierarchical.trained.decoder.parent}`);
    assert.ok(independent.trained.decoder.child < hierarchical.trained.decoder.child, 'the hierarchical latent leans further towards the child');
    const stepReports = updates.filter((u) => !u.hedgingPart);
    assert.ok(stepReports.length >= 10 && stepReports.length <= 2 * 21, `${stepReports.length} step reports for 2 toys`);
    const fractions = updates.map((u) => u.fraction ?? 0);
    assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'progress only moves forward');
    assert.equal(fractions.at(-1), 1);
  });

  it('Cancel keeps the toys that finished and drops the one it interrupted', async () => {
    const { outcome, parts } = await run({ mode: 'toys', toys: ['toy:hedging-correlated', 'toy:hedging-anticorrelated', 'toy:hedging-hierarchical'], steps: 600, seed: 0 }, 1);
    assert.ok(outcome.mode === 'toys');
    assert.equal(outcome.cancelled, true);
    assert.deepEqual(outcome.toys.map((t) => t.toy), ['toy:hedging-correlated']);
    assert.equal(parts.length, 1);
  });

  it('γ sweep: the sweep so far streams after each run; Cancel keeps the finished runs and their balance point', async () => {
    const full = await run({ mode: 'gamma', toy: 'toy:tree', gammas: [0, 0.25], detached: true, steps: 300, seed: 0 });
    assert.ok(full.outcome.mode === 'gamma' && !full.outcome.cancelled);
    assert.deepEqual(full.parts.map((p) => (p.kind === 'gamma' ? p.sweep.runs.map((r) => r.label) : [])), [['γ = 0'], ['γ = 0', 'γ = 0.25'], ['γ = 0', 'γ = 0.25', 'detached']]);
    assert.deepEqual(full.outcome.sweep.widths, [1, 4]);
    assert.ok(full.outcome.sweep.balance !== null && [0, 0.25].includes(full.outcome.sweep.balance.gamma));

    const cut = await run({ mode: 'gamma', toy: 'toy:tree', gammas: [0, 0.25], detached: true, steps: 300, seed: 0 }, 1);
    assert.ok(cut.outcome.mode === 'gamma' && cut.outcome.cancelled);
    assert.deepEqual(cut.outcome.sweep.runs.map((r) => r.label), ['γ = 0']);
    assert.deepEqual(cut.outcome.sweep.balance, { gamma: 0, mixing: cut.outcome.sweep.runs[0].mixing });
  });

  describe('the hedging degree of an SAE on disk', () => {
    let folder: string;
    before(async () => {
      folder = await mkdtemp(join(tmpdir(), 'saescope-hedging-job-'));
      const { source, truth } = await openSource('toy:small', { seed: 0 });
      await source.close();
      const { features: F, d } = truth!;
      const h = 3;
      const W_dec = F.slice(0, h * d);
      const W_enc = new Float32Array(d * h);
      for (let i = 0; i < h; i++) for (let k = 0; k < d; k++) W_enc[k * h + i] = W_dec[i * d + k];
      const sae: SaeBundle = {
        cfg: { architecture: 'topk', k: 2, d_in: d, d_sae: h, dtype: 'float32', apply_b_dec_to_input: true, normalize_activations: 'none', metadata: {}, extra: {} },
        W_enc, b_enc: new Float32Array(h), W_dec, b_dec: new Float32Array(d), extras: {}, source: { format: 'test', path: 'test' },
      };
      await saveSaeLensFolder(join(folder, 'sae'), sae);
    });
    after(() => rm(folder, { recursive: true, force: true }));

    it('continues a TopK SAE from its folder and returns p, b and every baseline draw', async () => {
      const sae = join(folder, 'sae');
      const { outcome } = await run({ mode: 'sae', sae, data: 'toy:small', steps: 30, newLatents: 2, baselines: 7, seed: 0 });
      assert.ok(outcome.mode === 'sae' && outcome.degree !== null);
      const r = outcome.degree;
      assert.equal(r.sae, sae);
      assert.equal(r.architecture, 'topk');
      assert.equal(r.k, 2);
      assert.equal(r.l1, null);
      assert.deepEqual([r.width, r.newLatents, r.steps, r.baselines, r.baselineSamples.length], [3, 2, 30, 7, 7]);
      assert.ok(Math.abs(r.baselineSamples.reduce((a, b) => a + b, 0) / 7 - r.baseline) < 1e-12);
      assert.equal(r.degree, Math.max(0, (r.portion - r.baseline) / (1 - r.baseline)));
      assert.ok(r.control !== null && r.control.step === 30 && r.extended !== null);
    });

    it('names the SAE path when there is nothing to load', async () => {
      const missing = join(folder, 'nothing-here');
      await assert.rejects(run({ mode: 'sae', sae: missing, data: 'toy:small', steps: 10, newLatents: 2, baselines: 3, seed: 0 }), (e: Error) => e.message.includes(missing));
    });
  });
});
