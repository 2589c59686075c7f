import assert from 'node:assert/strict';
import { checkL0Schedule, scheduledK } from '../../../../src/engine/diagnostics/l0/l0Schedule';
import { L0Search } from '../../../../src/engine/diagnostics/l0/l0Search';
import { MemorySource } from '../../../../src/engine/data/memorySource';
import { TrainerState, TrainSaeOptions, trainSae } from '../../../../src/engine/sae/trainer';
import { defaultSpec } from '../../../../src/engine/sae/trainingSpec';
import { openSource } from '../../../../src/engine/sources';
import { Rng } from '../../../../src/engine/util/random';
import { loadSae } from '../../../../src/engine/sae/formats/registry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saescope } from '../../support/cli';

describe('L0 diagnostics: k schedule and automatic L0 search', () => {
  let X: Float32Array;
  before(async () => {
    const { source } = await openSource('toy:large', { seed: 5 });
    X = new Float32Array(40 * 128 * 100);
    await source.nextBatch(X);
  });
  const options = (steps: number, extra: Partial<TrainSaeOptions>): TrainSaeOptions => ({
    spec: { ...defaultSpec('batchtopk', 100, 50, 128), k: 8 },
    source: new MemorySource(X, 100, { shuffle: false, loop: true }),
    steps,
    schedule: { lr: 1e-3, warmupSteps: 0, decaySteps: 0, lrEnd: 0 },
    sparsityCoefficient: 0,
    sparsityWarmupSteps: 0,
    seed: 0,
    bDecInit: 'zeros',
    progressEvery: 1,
    ...extra,
  });

  it('moves k linearly, rounded down to its quantum, and lands exactly on its target', () => {
    const s = { from: 20, to: 11, startStep: 100, steps: 900 };
    assert.deepEqual([0, 100, 101, 600, 999, 1000, 5000].map((t) => scheduledK(s, t, 5000)), [20, 20, 19, 15, 11, 11, 11]);
    assert.deepEqual([0, 1, 2, 3, 4].map((t) => scheduledK({ from: 2, to: 3.2, quantum: 0.5 }, t, 4)), [2, 2, 2.5, 2.5, 3.2]);
    assert.throws(() => checkL0Schedule({ from: 2.5, to: 3 }, 50, true), /whole number/);
    assert.throws(() => checkL0Schedule({ from: 60, to: 3 }, 50, false), /from must be/);
  });

  it('trains BatchTopK with the scheduled k at every step and saves the final one', async () => {
    const schedule = { from: 8, to: 4, startStep: 5, steps: 20 };
    const r = await trainSae(options(30, { l0Schedule: schedule }));
    assert.deepEqual(r.history.map((p) => p.l0), Array.from({ length: 30 }, (_, t) => Math.floor(scheduledK(schedule, t, 30) * 128) / 128));
    assert.equal(r.bundle.cfg.k, 4);
  });

  it('searches k: first down, by steps of [δ_min, δ_max] in multiples of the quantum, into a basin of the metric', () => {
    const search = new L0Search(20, 50, false);
    const rng = new Rng(1);
    for (let done = 1; done <= 4000; done++) {
      const k = search.current;
      if (search.measures(done)) search.observe(done, 0.01 * (k - 11) ** 2 * (k < 11 ? 3 : 1) + 0.005 * rng.normal());
    }
    const ks = [20, ...search.trace.map((p) => p.k)];
    assert.equal(search.trace.length, 40);
    assert.deepEqual(search.trace.slice(0, 2).map((p) => p.step), [100, 200]);
    assert.equal(ks[1], 19.5);
    for (let i = 1; i < ks.length; i++) {
      const step = Math.abs(ks[i] - ks[i - 1]);
      assert.ok(step >= 0.5 && step <= 2 && Number.isInteger(ks[i] * 2), `move ${ks[i - 1]} → ${ks[i]}`);
    }
    const late = ks.slice(-20);
    const mean = late.reduce((a, b) => a + b, 0) / late.length;
    assert.ok(Math.min(...ks) >= 8 && mean >= 10 && mean <= 13.5, `k over the last 20 moves: ${late.join(' ')}`);
  });

  it('stays within its bounds and picks up exactly where a saved state left off', () => {
    const drive = (s: L0Search, from: number, to: number) => {
      for (let done = from; done <= to; done++) if (s.measures(done)) s.observe(done, 1 / s.current);
    };
    const a = new L0Search(6, 50, true, { min: 4, max: 8, every: 20, window: 5 });
    drive(a, 1, 200);
    assert.ok(a.trace.every((p) => p.k >= 4 && p.k <= 8 && Number.isInteger(p.k)));
    const b = new L0Search(6, 50, true, { min: 4, max: 8, every: 20, window: 5 });
    drive(b, 1, 117);
    const c = new L0Search(6, 50, true, { min: 4, max: 8, every: 20, window: 5 });
    c.restore(b.state());
    drive(c, 118, 200);
    assert.deepEqual(c.trace, a.trace.filter((p) => p.step > 117));
    assert.throws(() => new L0Search(60, 50, false), /start k/);
  });

  it('searches during training, saves its state in checkpoints and resumes exactly', async () => {
    const search = { n: 12, every: 10, window: 3 };
    const states: TrainerState[] = [];
    const straight = await trainSae(options(40, { l0Search: search, checkpointEvery: 20, onCheckpoint: async (_b, s) => void states.push(s) }));
    assert.equal(straight.l0Search?.length, 4);
    assert.equal(straight.l0Search![0].k, 7.5);
    assert.equal(straight.bundle.cfg.k, straight.l0Search![3].k);
    assert.deepEqual(straight.history.slice(10, 20).map((p) => p.l0), Array(10).fill(7.5));
    const resumed = await trainSae(options(40, { l0Search: search, resume: states[0] }));
    assert.deepEqual(resumed.l0Search, straight.l0Search!.slice(2));
    assert.deepEqual(resumed.bundle.W_dec, straight.bundle.W_dec);
    assert.throws(() => new L0Search(8, 50, false, { n: 50 }), /n must be/);
  });

  it('are training options on the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saescope-kschedule-'));
    try {
      const common = ['train', '--data', 'toy:small', '--width', '5', '--batch', '64', '--steps', '40', '--eval-rows', '256', '--json'];
      const scheduled = await saescope(...common, '--arch', 'topk', '--k', '4', '--k-schedule', '4,2,10,20', '--out', join(dir, 'scheduled'));
      assert.equal(scheduled.code, 0, scheduled.stderr);
      assert.equal((await loadSae(join(dir, 'scheduled'))).cfg.k, 2);
      const searched = await saescope(...common, '--arch', 'batchtopk', '--k', '3', '--k-search', '--k-search-n', '2', '--steps', '200', '--out', join(dir, 'searched'));
      assert.equal(searched.code, 0, searched.stderr);
      assert.deepEqual(JSON.parse(searched.stdout).l0Search.map((p: { step: number }) => p.step), [100, 200]);
      const bad = await saescope(...common, '--k-schedule', '4', '--out', join(dir, 'bad'));
      assert.match(bad.stderr, /--k-schedule needs from,to/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
