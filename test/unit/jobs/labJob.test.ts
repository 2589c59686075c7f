import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpy } from '../../../src/engine/io';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { labHandler } from '../../../src/engine/jobs/labJob';
import { Rng } from '../../../src/engine/util/random';
import {
  parseLabOutcome,
  parseLabRunRecord,
  parseLabSettings,
  parseWorkerRequest,
  ProtocolError,
  type JobProgress,
  type LabOutcome,
  type LabSettings,
} from '../../../src/shared/protocol';

/** Runs the job as the worker would; `cancelWhen` aborts once a progress update satisfies it. */
async function run(settings: LabSettings, cancelWhen: (update: JobProgress) => boolean = () => false) {
  const controller = new AbortController();
  const updates: JobProgress[] = [];
  const context: JobContext = {
    signal: controller.signal,
    progress: (update) => {
      updates.push(JSON.parse(JSON.stringify(update)) as JobProgress);
      if (cancelWhen(update)) controller.abort();
    },
  };
  // The request and the answer cross the worker boundary as JSON and are parsed on arrival.
  const request = parseWorkerRequest(JSON.parse(JSON.stringify({ kind: 'lab', id: 1, settings })));
  assert.ok(request.kind === 'lab');
  const outcome = await labHandler()(request, context);
  return { outcome: parseLabOutcome(JSON.parse(JSON.stringify(outcome)), 'lab outcome'), updates };
}

const fitSettings = (source: string, extra: Partial<Extract<LabSettings, { mode: 'fitTime' }>> = {}): LabSettings => ({
  mode: 'fitTime', source, metric: 'loss', from: null, to: null, floorFrom: null, floorTo: null, perDecade: 25, steps: null, seed: 0, ...extra,
});

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);

describe('jobs/lab', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saescope-lab-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('fit-time on a CSV of a known power law with a floor: the floored fit recovers c, α and L0; the pure fit is flatter', async () => {
    // L = 2·t^−0.5 + 0.01 at every step 1…20 000: the closed form the fits must find.
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i + 1},${2 * (i + 1) ** -0.5 + 0.01}`);
    const file = join(dir, 'floored.csv');
    await writeFile(file, `step,loss\n${rows.join('\n')}\n`);
    const { outcome } = await run(fitSettings(file));
    assert.ok(outcome.mode === 'fitTime' && outcome.fit && !outcome.cancelled);
    const fit = outcome.fit;
    assert.equal(fit.points, 20_000);
    assert.equal(fit.preset, null);
    // Log bins of 1/25 decade over 4.3 decades (the first decade holds only 10 integer steps), and the binned curve is what is drawn.
    assert.ok(fit.curve.t.length >= 90 && fit.curve.t.length <= 108, `${fit.curve.t.length} bins`);
    const floor = fit.powerLawWithFloor!;
    close(floor.alpha, 0.5, 5e-3, 'floored α');
    close(floor.c, 2, 0.02, 'c');
    close(floor.l0, 0.01, 5e-4, 'L0');
    // On the last decade the floor (a third of the loss at t = 2·10⁴) flattens the pure power law well below 0.5.
    assert.equal(fit.powerLaw.from >= 2000 * 0.95 && fit.powerLaw.to <= 20_000, true);
    assert.ok(fit.powerLaw.alpha < 0.4 && fit.powerLaw.alpha > 0.2, `pure α ${fit.powerLaw.alpha}`);
    // The local slope falls from ≈ 0.5 early to the pure fit's value late.
    close(fit.localSlopes[0].alpha, 0.5, 0.02, 'first local slope');
    assert.ok(fit.localSlopes.at(-1)!.alpha < 0.4);
  });

  it('fit-time on a .npy of a pure power law: α and a exactly, the floor at its lower bound; a chosen window is used', async () => {
    const n = 5000;
    const data = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      data[2 * i] = i + 1;
      data[2 * i + 1] = 3 * (i + 1) ** -0.4;
    }
    const file = join(dir, 'pure.npy');
    await writeNpy(file, { dtype: 'F64', shape: [n, 2], data });
    const { outcome } = await run(fitSettings(file, { from: 10, to: 100 }));
    assert.ok(outcome.mode === 'fitTime' && outcome.fit);
    const p = outcome.fit.powerLaw;
    close(p.alpha, 0.4, 1e-9, 'α');
    close(p.prefactor, 3, 1e-7, 'a');
    assert.ok(p.from >= 10 && p.to <= 100 && p.from < 11 && p.to > 90, `window [${p.from}, ${p.to}]`);
    assert.ok(outcome.fit.powerLawWithFloor!.atBound.includes('l0 at its lower bound'));
  });

  it('fit-time on a bad file names the file and the point', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'step,loss\n1,0.5\n2,-0.1\n');
    await assert.rejects(run(fitSettings(file)), (e: Error) => e.message.includes(file) && /point 2 .*not positive/.test(e.message));
  });

  it('fit-time on toy:peaked-softmax trains first, streams progress, and fits α and the growth of β', async () => {
    const { outcome, updates } = await run(fitSettings('toy:peaked-softmax', { steps: 1500 }));
    assert.ok(outcome.mode === 'fitTime' && outcome.fit && !outcome.cancelled);
    assert.equal(outcome.fit.preset, 'peaked-softmax');
    assert.ok(outcome.fit.curve.t.at(-1)! <= 1500 && outcome.fit.curve.t.at(-1)! > 1400);
    // Short SGD runs sit a little above 1/3 (spec §1.4: 0.36 on [500, 5000]); β grows as ≈ t^(1/3).
    assert.ok(outcome.fit.powerLaw.alpha > 0.3 && outcome.fit.powerLaw.alpha < 0.5, `α ${outcome.fit.powerLaw.alpha}`);
    assert.ok(outcome.fit.betaGrowth && outcome.fit.betaGrowth.growth > 0.2 && outcome.fit.betaGrowth.growth < 0.45, `β growth ${outcome.fit.betaGrowth?.growth}`);
    const fractions = updates.map((u) => u.fraction).filter((f): f is number => f !== undefined);
    assert.ok(fractions.length > 10 && fractions.at(-1) === 1 && fractions.every((f, i) => i === 0 || f >= fractions[i - 1]));
  });

  it('fit-time cancelled during training fits the records that finished', async () => {
    const { outcome } = await run(fitSettings('toy:peaked-softmax', { steps: 4000 }), (u) => (u.fraction ?? 0) >= 0.1);
    assert.ok(outcome.mode === 'fitTime' && outcome.cancelled && outcome.fit);
    assert.ok(outcome.fit.curve.t.at(-1)! < 4000, `last t ${outcome.fit.curve.t.at(-1)}`);
  });

  it('loss against width: one row per m with φ and the overlap, α_m fitted; Cancel keeps the widths that finished', async () => {
    const settings: LabSettings = { mode: 'width', regime: 'strong', alpha: 1, widths: [4, 8], features: 64, steps: 300, seed: 0 };
    const { outcome, updates } = await run(settings);
    assert.ok(outcome.mode === 'width' && outcome.scaling && !outcome.cancelled);
    const s = outcome.scaling;
    assert.deepEqual(s.widths.map((w) => w.m), [4, 8]);
    assert.equal(s.weightDecay, -1);
    // α_m is the OLS slope through the two points: exactly −ln(L₈/L₄)/ln 2.
    close(s.exponent!.alpha, -Math.log(s.widths[1].loss / s.widths[0].loss) / Math.log(2), 1e-12, 'α_m');
    assert.equal(s.exponent!.alphaStdError, null, 'two points give no standard error');
    for (const w of s.widths) close(w.overlapTimesM!, w.meanSquaredOverlap! * w.m, 1e-12, 'overlap·m');
    assert.deepEqual(updates.map((u) => u.fraction), [0, 0.5, 1]);

    const cut = await run({ ...settings, widths: [4, 8, 12] }, (u) => u.fraction === 1 / 3);
    assert.ok(cut.outcome.mode === 'width' && cut.outcome.cancelled && cut.outcome.scaling);
    assert.deepEqual(cut.outcome.scaling.widths.map((w) => w.m), [4]);
    assert.equal(cut.outcome.scaling.exponent, null);
  });

  it('probes on an activations file: a direction the label follows is found raw; a label count that differs is an error naming the file', async () => {
    const rng = new Rng(3);
    const rows = 400;
    const d = 6;
    const acts = new Float32Array(rows * d);
    const labels: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d; j++) acts[r * d + j] = rng.normal();
      labels.push(acts[r * d + 2] > 0 ? 1 : 0);
    }
    const actsFile = join(dir, 'acts.npy');
    const labelsFile = join(dir, 'labels.json');
    await writeNpy(actsFile, { dtype: 'F32', shape: [rows, d], data: acts });
    await writeFile(labelsFile, JSON.stringify(labels));
    const settings: LabSettings = { mode: 'probe', source: actsFile, labels: labelsFile, layer: null, folds: 2, normalisation: 'layernorm', steps: null, seed: 0 };
    const { outcome } = await run(settings);
    assert.ok(outcome.mode === 'probe' && outcome.probe?.kind === 'file');
    const p = outcome.probe;
    assert.equal(p.rows, rows);
    assert.equal(p.d, d);
    assert.equal(p.positives, labels.filter((l) => l === 1).length);
    assert.ok(p.raw.logistic.auc.mean > 0.99, `raw logistic AUC ${p.raw.logistic.auc.mean}`);
    assert.ok(p.raw.logistic.accuracy.mean > 0.95);
    assert.match(p.normalisation, /mean/);

    const short = join(dir, 'short.json');
    await writeFile(short, JSON.stringify(labels.slice(1)));
    await assert.rejects(run({ ...settings, labels: short }), (e: Error) => e.message.includes(short) && /399/.test(e.message));
    await assert.rejects(run({ ...settings, labels: null }), /need a labels file/);
  });

  it('probes on the truth toy: per-position probabilities with the Bayes references, probes raw and normalised', async () => {
    const settings: LabSettings = { mode: 'probe', source: 'toy:truth', labels: null, layer: null, folds: 2, normalisation: 'rms', steps: 400, seed: 0 };
    const { outcome } = await run(settings);
    assert.ok(outcome.mode === 'probe' && outcome.probe?.kind === 'truth' && !outcome.cancelled);
    const positions = outcome.probe.positions;
    assert.deepEqual(positions.map((p) => [p.position, p.predicts]), [['x', 'y'], ['y', "x'"], ["x'", "y'"]]);
    assert.equal(positions[1].attribute, null, 'y predicts a subject, not an attribute');
    // spec §4.1: with N = 16 and ρ = 0.99 the Bayes P(g(x')) after a false fact is ≈ 1/16, after a true one ≈ 1.
    close(positions[2].attribute!.bayesFalse, 1 / 16, 0.01, 'Bayes false');
    assert.ok(positions[2].attribute!.bayesTrue > 0.99);
    for (const p of positions) for (const s of [p.probes.raw, p.probes.normalised]) assert.ok(s.logistic.auc.mean >= 0 && s.logistic.auc.mean <= 1);
  });

  it('settings and saved records are checked on arrival', () => {
    assert.throws(() => parseLabSettings({ mode: 'width', regime: 'strong', alpha: 1, widths: [4], features: 64, steps: null, seed: 0 }, 's'), ProtocolError);
    assert.throws(() => parseLabSettings({ ...fitSettings('x'), perDecade: 0 }, 's'), /perDecade/);
    assert.throws(() => parseLabSettings({ ...fitSettings('x'), from: -1 }, 's'), /from/);
    const outcome: LabOutcome = { mode: 'probe', cancelled: true, probe: null };
    const record = { kind: 'lab', id: 'r', settings: fitSettings('x'), startedAt: '2026-01-01T00:00:00Z', seconds: 1, outcome };
    assert.throws(() => parseLabRunRecord(record, 'metrics.json'), /probe outcome for fitTime settings/);
  });
});
