import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kFolds } from '../../../src/engine/diagnostics/alignment/kfold';
import { alignHandler } from '../../../src/engine/jobs/alignJob';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { writeNpy } from '../../../src/engine/io';
import { Rng } from '../../../src/engine/util/random';
import { ALIGN_METRICS, parseAlignOutcome, parseJobResult, parseWorkerRequest, type AlignSettings, type JobProgress } from '../../../src/shared/protocol';

const ROWS = 3000;
const [FEATURES, UNITS] = [16, 6];

/** Two "models" of the same stimuli: different ReLU mixtures of sparse features. */
function twoModels(): [Float32Array, Float32Array] {
  const rng = new Rng(7);
  const features = new Float32Array(ROWS * FEATURES);
  for (let i = 0; i < features.length; i++) if (rng.uniform() < 0.15) features[i] = rng.uniform();
  const model = (seed: number) => {
    const w = new Rng(seed).fillNormal(new Float32Array(FEATURES * UNITS));
    const h = new Float32Array(ROWS * UNITS);
    for (let r = 0; r < ROWS; r++) {
      for (let u = 0; u < UNITS; u++) {
        let s = 0;
        for (let f = 0; f < FEATURES; f++) s += features[r * FEATURES + f] * w[f * UNITS + u];
        h[r * UNITS + u] = Math.max(0, s);
      }
    }
    return h;
  };
  return [model(1), model(2)];
}

/** Pearson correlation of column i of x [n, p] with column j of y [n, q] over the rows `rows`, computed directly. */
function pearson(x: Float32Array, p: number, i: number, y: Float32Array, q: number, j: number, rows: number[]): number {
  const mx = rows.reduce((s, r) => s + x[r * p + i], 0) / rows.length;
  const my = rows.reduce((s, r) => s + y[r * q + j], 0) / rows.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (const r of rows) {
    const [dx, dy] = [x[r * p + i] - mx, y[r * q + j] - my];
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const settings = (a: string, b: string, over: Partial<AlignSettings> = {}): AlignSettings => ({
  a, b, saeA: null, saeB: null, data: null, width: 12, k: 3, lr: 4e-3, batch: 256, saeSteps: null, evalRows: 500, folds: 5, seed: 0, bothDirections: true, ...over,
});

/** Runs the job as the worker would, every message through JSON; `abortAt` cancels at that progress message. */
async function run(s: AlignSettings, abortAt = Infinity) {
  const controller = new AbortController();
  const updates: JobProgress[] = [];
  const context: JobContext = {
    signal: controller.signal,
    progress: (update) => {
      updates.push(JSON.parse(JSON.stringify(update)) as JobProgress);
      if (updates.length >= abortAt) controller.abort();
    },
  };
  const request = parseWorkerRequest(JSON.parse(JSON.stringify({ kind: 'alignModels', id: 3, settings: s })));
  assert.equal(request.kind, 'alignModels');
  const outcome = await alignHandler()(request as Extract<typeof request, { kind: 'alignModels' }>, context);
  return { outcome: parseJobResult('alignModels', JSON.parse(JSON.stringify(outcome))), updates };
}

describe('jobs/alignModels', () => {
  let dir: string;
  let a: string, b: string;
  let ha: Float32Array, hb: Float32Array;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saescope-align-job-'));
    [ha, hb] = twoModels();
    [a, b] = [join(dir, 'a.npy'), join(dir, 'b.npy')];
    await writeNpy(a, { dtype: 'F32', shape: [ROWS, UNITS], data: ha });
    await writeNpy(b, { dtype: 'F32', shape: [ROWS, UNITS], data: hb });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('both directions with per-unit scores; N→N per-unit semi-matching equals a direct Pearson computation', async () => {
    const { outcome, updates } = await run(settings(a, b));
    assert.deepEqual(outcome.rows, { saeTraining: 9 * 256, heldOutStart: 2400, evaluated: 500, available: ROWS });
    assert.deepEqual(outcome.directions.map((d) => d.direction), ['A→B', 'B→A']);
    const [ab, ba] = outcome.directions;
    assert.deepEqual(ba.table.map((r) => `${r.source} → ${r.target}`), ['B neurons → A neurons', 'B SAE latents → A neurons', 'B SAE latents → A SAE latents', 'B random-SAE latents → A SAE latents']);

    // Each unit's score is its mean over folds, and each fold's score the mean over units: the two means agree.
    for (const d of outcome.directions) {
      for (const row of d.table) {
        for (const m of ALIGN_METRICS) {
          const units = row[m].perUnit!;
          assert.equal(units.score.length, row[m].targetUnits, `${d.direction} ${row.comparison} ${m}`);
          const mean = units.score.reduce((s, v) => s + v, 0) / units.score.length;
          assert.ok(Math.abs(mean - row[m].mean) < 1e-9, `${d.direction} ${row.comparison} ${m}: per-unit mean ${mean}, score ${row[m].mean}`);
        }
      }
    }
    // Soft-matching transports between uniform marginals, so swapping source and target transposes the plan.
    assert.ok(Math.abs(ab.table[0].soft.mean - ba.table[0].soft.mean) < 1e-9, `soft A→B ${ab.table[0].soft.mean}, B→A ${ba.table[0].soft.mean}`);

    const folds = kFolds(500, { folds: 5, seed: 42 });
    const held = (data: Float32Array) => data.subarray(2400 * UNITS, 2900 * UNITS);
    const [x, y] = [held(ha), held(hb)];
    const expected = new Float64Array(UNITS);
    for (let k = 0; k < 5; k++) {
      const test = [...folds.foldOf.keys()].filter((r) => folds.foldOf[r] === k);
      const train = [...folds.foldOf.keys()].filter((r) => folds.foldOf[r] !== k);
      for (let j = 0; j < UNITS; j++) {
        let best = 0;
        for (let i = 1; i < UNITS; i++) if (pearson(x, UNITS, i, y, UNITS, j, train) > pearson(x, UNITS, best, y, UNITS, j, train)) best = i;
        expected[j] += pearson(x, UNITS, best, y, UNITS, j, test) / 5;
      }
    }
    const semi = ab.table[0].semi.perUnit!;
    assert.deepEqual(semi.unit, [0, 1, 2, 3, 4, 5]);
    semi.score.forEach((v, j) => assert.ok(Math.abs(v - expected[j]) < 1e-5, `unit ${j}: ${v}, direct ${expected[j]}`));

    const fractions = updates.flatMap((u) => (u.fraction === undefined ? [] : [u.fraction]));
    assert.deepEqual(fractions, [...fractions].sort((p, q) => p - q), 'progress only moves forward');
    assert.equal(fractions.at(-1), 1);
    assert.ok(updates.some((u) => u.fraction === undefined && /^B→A SAE→SAE: semi/.test(u.message)), 'each comparison is logged');
  });

  it('a model aligned with itself: every unit matches perfectly before and after the SAE', async () => {
    const { outcome } = await run(settings(a, a, { bothDirections: false }));
    assert.equal(outcome.directions.length, 1);
    const [nn, , ss] = outcome.directions[0].table;
    for (const row of [nn, ss]) for (const v of row.semi.perUnit!.score) assert.ok(Math.abs(v - 1) < 1e-9, `${row.comparison}: ${v}`);
    assert.ok(Math.abs(nn.soft.mean - 1) < 1e-9);
    assert.equal(outcome.directions[0].change.semi.difference, ss.semi.mean - nn.semi.mean);
  });

  it('Cancel stops the job during SAE training; bad settings are refused naming the field', async () => {
    await assert.rejects(run(settings(a, b), 2), (e: Error) => e.name === 'AbortError' || /abort/i.test(e.message));
    assert.throws(() => parseWorkerRequest({ kind: 'alignModels', id: 1, settings: { ...settings(a, b), width: 2 } }), /field "width" must be at least k = 3/);
    assert.throws(() => parseWorkerRequest({ kind: 'alignModels', id: 1, settings: { ...settings(a, b), saeA: 3 } }), /settings: field "saeA" must be a string/);
    assert.throws(() => parseAlignOutcome({ rows: {}, directions: [] }, 'outcome'), /outcome: field "directions" must be A→B, optionally followed by B→A/);
    const short = join(dir, 'short.npy');
    await writeNpy(short, { dtype: 'F32', shape: [100, UNITS], data: new Float32Array(100 * UNITS) });
    await assert.rejects(run(settings(a, short)), /same stimuli/);
  });
});
