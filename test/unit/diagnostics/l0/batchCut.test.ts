import assert from 'node:assert/strict';
import { batchTopKCut, keepCount, SMALLEST_CUT } from '../../../../src/engine/diagnostics/l0/batchCut';
import { SweepRows } from '../../../../src/engine/diagnostics/l0/sweepRows';
import { trainStackedBatchTopK } from '../../../../src/engine/diagnostics/l0/stackedTrainer';
import { MemorySource } from '../../../../src/engine/data/memorySource';
import { Graph } from '../../../../src/engine/graph/graph';
import { keepTopK, reshape, relu } from '../../../../src/engine/graph/ops';
import { Evaluator } from '../../../../src/engine/graph/runner';
import { trainSae } from '../../../../src/engine/sae/trainer';
import { defaultSpec } from '../../../../src/engine/sae/trainingSpec';
import { openSource } from '../../../../src/engine/sources';
import { Rng } from '../../../../src/engine/util/random';

describe('L0 diagnostics: BatchTopK cut', () => {
  const S = 3, B = 64, h = 20, N = B * h;
  const counts = [5, 300, 1200];

  it('keeps exactly what a TopK over the flattened batch keeps, whatever the hint', async () => {
    const g = new Graph('cut');
    const pre = g.input('pre', 'float32', [S, B, h]);
    const hint = g.input('hint', 'float32', [S]);
    g.output('cut', batchTopKCut(pre, counts, hint));
    counts.forEach((n, s) => g.output(`kept_${s}`, keepTopK(reshape(relu(g.input(`row_${s}`, 'float32', [1, N])), [1, N]), n)));
    const session = await Evaluator.create(g);
    const rng = new Rng(3);
    for (let trial = 0; trial < 60; trial++) {
      const x = rng.fillNormal(new Float32Array(S * N));
      if (trial % 5 === 0) for (let i = 0; i < x.length; i++) x[i] = Math.round(x[i] * 4) / 4;
      if (trial % 7 === 0) for (let i = 0; i < x.length; i++) x[i] -= 1.5;
      const sorted = counts.map((_, s) => Array.from(x.subarray(s * N, (s + 1) * N)).sort((a, b) => b - a));
      const hint = Float32Array.from(counts, (n, s) => [0, -1, sorted[s][n - 1] * (0.5 + rng.uniform()), sorted[s][n + 37] ?? 9][trial % 4]);
      const rows = Object.fromEntries(counts.map((_, s) => [`row_${s}`, x.slice(s * N, (s + 1) * N)]));
      const out = await session.run({ pre: x, hint, ...rows });
      const cut = out.cut as Float32Array;
      counts.forEach((n, s) => {
        assert.equal(cut[s], Math.max(sorted[s][n - 1], SMALLEST_CUT), `trial ${trial}, SAE ${s}`);
        // Without ties at the cut the kept sets are identical; with ties every tied entry is kept.
        const kept = out[`kept_${s}`] as Float32Array;
        const mine = x.subarray(s * N, (s + 1) * N).map((v) => (v >= cut[s] ? v : 0));
        const tied = sorted[s].filter((v) => v === sorted[s][n - 1]).length > 1;
        if (!tied) assert.deepEqual(mine, kept);
      });
    }
    await session.release();
  });

  it('keeps ⌊k·B⌋, at least one and at most all', () => {
    assert.equal(keepCount(1.8, 1024, 5), 1843);
    assert.equal(keepCount(0.0001, 64, 5), 1);
    assert.equal(keepCount(9, 64, 5), 320);
  });

  // The stacked graph forms x·W_enc − b_dec·W_enc where the single one forms (x − b_dec)·W_enc: the same up to
  // rounding, which can move an entry lying within an ulp of the cut across it, so the runs agree to 1e-3, not 1e-7.
  // d_sae 50 ≤ d_in/2 takes AuxK's shortcut (every dead latent is picked); d_sae 16 > d_in/2 = 10 its TopK.
  for (const [data, d, width, ks] of [['toy:large', 100, 50, [5, 11]], ['toy:small', 20, 16, [1.5, 3]]] as const) {
    it(`trains each stacked SAE as the single-SAE trainer trains it, AuxK included (${data}, d_sae ${width})`, async () => {
      const batch = 256, steps = 12;
      const { source } = await openSource(data, { seed: 0 });
      const X = new Float32Array(steps * batch * d);
      await source.nextBatch(X);
      const spec = { ...defaultSpec('batchtopk', d, width, batch), deadWindow: 4 };
      const schedule = { lr: 1e-3, warmupSteps: 0, decaySteps: 0, lrEnd: 0 };
      const rows = new SweepRows(new MemorySource(X, d, { shuffle: false, loop: true }), steps * batch);
      const stacked = await trainStackedBatchTopK({ spec, ks, rows, steps, schedule, seed: 0, stepsPerRun: 5, workers: 2, progressEvery: steps });
      assert.equal(stacked.steps, steps);
      let sawDead = false;
      for (const [s, k] of ks.entries()) {
        const single = await trainSae({
          spec: { ...spec, k }, source: new MemorySource(X, d, { shuffle: false, loop: true }), steps, schedule,
          sparsityCoefficient: 0, sparsityWarmupSteps: 0, seed: 0, bDecInit: 'zeros', progressEvery: steps,
        });
        const a = stacked.bundles[s], b = single.bundle;
        assert.equal(a.cfg.k, k);
        for (const name of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const) {
          let diff = 0;
          for (let i = 0; i < a[name].length; i++) diff = Math.max(diff, Math.abs(a[name][i] - b[name][i]));
          assert.ok(diff < 1e-3, `k ${k}, ${name}: max difference ${diff}`);
        }
        assert.ok(Math.abs(a.extras.topk_threshold.data[0] - b.extras.topk_threshold.data[0]) < 1e-3);
        sawDead ||= single.history[single.history.length - 1].deadFraction > 0;
      }
      assert.ok(sawDead, 'some latent died, so the AuxK graph ran');
    });
  }
});
