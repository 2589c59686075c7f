import assert from 'node:assert/strict';
import { MemorySource } from '../../../src/engine/data/memorySource';
import { trainSae, TrainSaeOptions, NonFiniteLossError } from '../../../src/engine/sae/trainer';
import { defaultSpec, TrainingArchitecture } from '../../../src/engine/sae/trainingSpec';
import { Rng } from '../../../src/engine/util/random';
import { evaluateSae } from '../../../src/engine/sae/evaluate';

/** g orthonormal-ish unit features in d dims, each firing with probability p and magnitude 1 ± 0.15. */
function sparseData(g: number, d: number, n: number, p: number, seed: number) {
  const rng = new Rng(seed);
  const F = rng.fillNormal(new Float32Array(g * d));
  for (let i = 0; i < g; i++) {
    const row = F.subarray(i * d, (i + 1) * d);
    const norm = Math.hypot(...row);
    row.forEach((v, j) => (row[j] = v / norm));
  }
  const X = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < g; i++) {
      if (rng.uniform() >= p) continue;
      const m = 1 + 0.15 * rng.normal();
      for (let j = 0; j < d; j++) X[r * d + j] += m * F[i * d + j];
    }
  }
  return { F, X };
}

function mmcs(F: Float32Array, W_dec: Float32Array, g: number, h: number, d: number): number {
  let total = 0;
  for (let i = 0; i < g; i++) {
    let best = -1;
    for (let l = 0; l < h; l++) {
      let dot = 0, norm = 0;
      for (let j = 0; j < d; j++) {
        dot += F[i * d + j] * W_dec[l * d + j];
        norm += W_dec[l * d + j] ** 2;
      }
      best = Math.max(best, dot / Math.sqrt(norm));
    }
    total += best;
  }
  return total / g;
}

function options(arch: TrainingArchitecture, X: Float32Array, d: number, h: number, steps: number): TrainSaeOptions {
  const spec = defaultSpec(arch, d, h, 128);
  spec.k = 2;
  return {
    spec,
    source: new MemorySource(X, d, { shuffle: true, seed: 3, loop: true }),
    steps,
    schedule: { lr: 3e-3, warmupSteps: 0, decaySteps: 0, lrEnd: 0 },
    sparsityCoefficient: 0.02,
    sparsityWarmupSteps: 50,
    seed: 0,
    bDecInit: 'zeros',
    progressEvery: 50,
    threads: 1,
  };
}

describe('SAE trainer', () => {
  const d = 24, g = 12;
  const { F, X } = sparseData(g, d, 8000, 0.1, 1);

  for (const arch of ['standard', 'batchtopk'] as const) {
    it(`${arch} recovers the true features of well-specified synthetic data (MMCS ≥ 0.95)`, async () => {
      const o = options(arch, X, d, g, 1500);
      o.spec.k = g * 0.1; // well-specified: the true L0
      const r = await trainSae(o);
      const score = mmcs(F, r.bundle.W_dec, g, g, d);
      assert.ok(score >= 0.95, `MMCS ${score}`);
      const last = r.history[r.history.length - 1];
      assert.ok(last.explainedVariance > 0.9, `explained variance ${last.explainedVariance}`);
    });
  }

  it('topk through the sparse decode path recovers the true features (MMCS ≥ 0.95), as the dense path does', async () => {
    const o = options('topk', X, d, g, 1500);
    const sparse = await trainSae({ ...o, decodePath: 'sparse' });
    const dense = await trainSae({ ...o, decodePath: 'dense' });
    const score = mmcs(F, sparse.bundle.W_dec, g, g, d);
    assert.ok(score >= 0.95, `MMCS ${score}`);
    assert.ok(Math.abs(score - mmcs(F, dense.bundle.W_dec, g, g, d)) < 1e-4);
    const ev = (r: typeof sparse) => r.history[r.history.length - 1].explainedVariance;
    assert.ok(Math.abs(ev(sparse) - ev(dense)) < 1e-4, `explained variance ${ev(sparse)} (sparse) vs ${ev(dense)} (dense)`);
  });

  it('is deterministic under a seed, and resuming from a snapshot equals an uninterrupted run', async () => {
    const straight = await trainSae(options('topk', X, d, g, 40));
    const again = await trainSae(options('topk', X, d, g, 40));
    assert.deepEqual(again.bundle.W_dec, straight.bundle.W_dec);
    const first = await trainSae(options('topk', X, d, g, 20));
    const resumed = await trainSae({ ...options('topk', X, d, g, 40), resume: first.state });
    assert.deepEqual(resumed.bundle.W_dec, straight.bundle.W_dec);
    assert.deepEqual(resumed.bundle.b_dec, straight.bundle.b_dec);
  });

  for (const arch of ['topk', 'batchtopk', 'standard', 'jumprelu', 'matryoshka'] as const) {
    it(`${arch}: several steps per run give exactly the steps, reports, checkpoints and state of one step per run`, async () => {
      const width = 48;
      const run = async (stepsPerRun: number) => {
        const o = options(arch, X, d, width, 37);
        // Latents die within a few steps, so AuxK switches on in the middle of runs.
        o.spec.deadWindow = 5;
        if (arch === 'matryoshka') o.spec.matryoshkaWidths = [8, 24, 48];
        const checkpoints: number[] = [];
        const r = await trainSae({
          ...o,
          schedule: { lr: 3e-3, warmupSteps: 5, decaySteps: 10, lrEnd: 0 },
          sparsityWarmupSteps: 10,
          progressEvery: 5,
          checkpointEvery: 10,
          onCheckpoint: async (_b, state) => void checkpoints.push(state.step),
          stepsPerRun,
        });
        return { ...r, checkpoints };
      };
      const one = await run(1);
      if (arch === 'topk') assert.ok(one.history.some((p) => p.parts.aux > 0), 'no latent died, so AuxK was never exercised');
      for (const perRun of [4, 8]) {
        const many = await run(perRun);
        assert.deepEqual(many.checkpoints, [10, 20, 30]);
        assert.deepEqual(many.history, one.history);
        assert.deepEqual(many.state, one.state);
      }
    });
  }

  it('reports progress with loss parts, L0, explained variance, dead and dense fractions', async () => {
    const seen: number[] = [];
    const r = await trainSae({ ...options('jumprelu', X, d, g, 100), onProgress: (p) => seen.push(p.step) });
    assert.deepEqual(seen, [50, 100]);
    const p = r.history[1];
    assert.deepEqual(Object.keys(p.parts).sort(), ['mse', 'sparsity']);
    for (const v of [p.loss, p.l0, p.explainedVariance, p.deadFraction, p.denseFraction]) assert.ok(Number.isFinite(v));
    assert.equal(r.logDensity.length, g);
  });

  it('checkpoints every N steps and stops cleanly when cancelled', async () => {
    const controller = new AbortController();
    const checkpoints: number[] = [];
    const r = await trainSae({
      ...options('batchtopk', X, d, g, 1000),
      checkpointEvery: 10,
      onCheckpoint: async (bundle, state) => {
        checkpoints.push(state.step);
        assert.ok(bundle.extras.topk_threshold.data[0] > 0);
        if (state.step === 30) controller.abort();
      },
      signal: controller.signal,
    });
    assert.deepEqual(checkpoints, [10, 20, 30]);
    assert.equal(r.cancelled, true);
    assert.equal(r.state.step, 30);
  });

  it('expected_average_only_in: trains on √d/mean‖x‖-scaled inputs and folds the scale into the weights', async () => {
    const big = X.map((v) => v * 50);
    const o = options('standard', big, d, g, 1500);
    o.source = new MemorySource(big, d, { shuffle: true, seed: 3, loop: true });
    o.normalizeActivations = 'expected_average_only_in';
    const r = await trainSae(o);
    assert.ok(r.state.activationScale > 0.05 && r.state.activationScale < 0.2, `scale ${r.state.activationScale}`);
    assert.equal(r.bundle.cfg.normalize_activations, 'none');
    const e = await evaluateSae(r.bundle, new MemorySource(big, d, { shuffle: false }), { rows: 2048, batch: 256 });
    const ev = e.metrics.find((m) => m.id === 'explained_variance')!.value;
    assert.ok(ev > 0.9, `explained variance on raw inputs ${ev}`);
  });

  it('stops with a clear error when the loss is not finite', async () => {
    const bad = X.slice();
    bad.fill(1e30, 0, d * 200);
    const o = options('standard', bad, d, g, 20);
    o.source = new MemorySource(bad, d, { shuffle: false, loop: true });
    o.schedule.lr = 1;
    await assert.rejects(trainSae(o), NonFiniteLossError);
  });
});
