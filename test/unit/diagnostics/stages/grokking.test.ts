import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrheniusTest } from '../../../../src/engine/diagnostics/stages/arrheniusTest';
import { freeEnergyDifference } from '../../../../src/engine/diagnostics/stages/freeEnergy';
import { detectLossDropStages } from '../../../../src/engine/diagnostics/stages/lossDropStages';
import { llcAcrossCheckpoints } from '../../../../src/engine/diagnostics/stages/runLlc';
import { readToyRun, recordCurve } from '../../../../src/engine/diagnostics/stages/toyRun';
import { toyModelPreset } from '../../../../src/engine/toys/models/registry';
import { saescope } from '../../support/cli';

// Short grokking runs: weight decay 10⁻³ (the paper's 2·10⁻⁴ groks in 10–20 thousand steps) makes seeds 1 and 8
// grok within 7 200 steps with j − i of 39 and 27 checkpoints; seed 0 has not memorised by step 2 000, and at
// weight decay 3·10⁻³ seed 1 generalises as it memorises (j − i ≤ 20).
const RUNS = [
  { name: 'seed1', seed: 1, weightDecay: 1e-3, steps: 7200 },
  { name: 'seed8', seed: 8, weightDecay: 1e-3, steps: 7200 },
  { name: 'seed0', seed: 0, weightDecay: 1e-3, steps: 2000 },
  { name: 'fast', seed: 1, weightDecay: 3e-3, steps: 3200 },
];
const FEW_DRAWS = { draws: 100 };

describe('grokking runs: memorise → generalise, LLC at i and j, the Arrhenius test', () => {
  let root: string;
  const dir = (name: string) => join(root, name);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'saescope-grokking-'));
    for (const r of RUNS) await toyModelPreset('grokking').train({ seed: r.seed, steps: r.steps, outDir: dir(r.name), checkpointEvery: 100, overrides: { weightDecay: r.weightDecay } });
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the training loss drops when the run memorises, the validation loss when it generalises', async () => {
    const run = await readToyRun(dir('seed1'));
    const memorised = run.records.find((r) => r.trainAccuracy === 1)!.step;
    const generalised = run.records.find((r) => r.validationAccuracy >= 0.95)!.step;
    const boundary = (key: string) => {
      const curve = recordCurve(run, key);
      const { boundaries } = detectLossDropStages(curve.values);
      assert.equal(boundaries.length, 1, `${key}: boundaries at ${boundaries.map((b) => curve.steps[b]).join(', ')}`);
      return curve.steps[boundaries[0]];
    };
    const train = boundary('trainLoss');
    const validation = boundary('validationLoss');
    assert.ok(train < memorised, `training-loss boundary ${train} before 100 % training accuracy at ${memorised}`);
    assert.ok(validation > memorised && validation <= generalised, `validation-loss boundary ${validation} in (${memorised}, ${generalised}]`);
  });

  it('llc <run> on a grokking run: i and j are estimated, ΔF_{i→j} follows from them, and λ̂ falls as the run generalises', async () => {
    const report = await llcAcrossCheckpoints(dir('seed1'), { every: 30, sgld: FEW_DRAWS });
    assert.equal(report.n, Math.floor(0.4 * 53 * 53));
    assert.equal(report.curve.key, 'trainLoss');
    assert.deepEqual(report.sampler, { epsilon: 3e-3, localization: 5, nbeta: 2, chains: 3, draws: 100, burnIn: 0, batch: 128, seed: 0, source: "paper 2, Q1.1 (dynamics-methods §2.3), with the caller's overrides" });
    const g = report.grokking!;
    assert.deepEqual([g.memorised!.step, g.generalised!.step, g.gap, g.kept], [2300, 6200, 39, true]);
    assert.deepEqual(report.checkpoints.map((c) => c.step), [100, 2300, 3100, 6100, 6200, 7200]);
    const [i, j] = [2300, 6200].map((step) => report.checkpoints.find((c) => c.step === step)!);
    assert.ok(Math.abs(g.deltaF! - freeEnergyDifference(report.n, { loss: i.loss, llc: i.llc!.mean }, { loss: j.loss, llc: j.llc!.mean })) < 1e-9);
    assert.ok(j.llc!.mean < i.llc!.mean - 3 * (i.llc!.std + j.llc!.std), `λ̂ at i ${i.llc!.mean} ± ${i.llc!.std}, at j ${j.llc!.mean} ± ${j.llc!.std}`);
    const recorded = (await readToyRun(dir('seed1'))).records.find((r) => r.step === 6200)!.trainLoss;
    assert.ok(Math.abs(j.loss - recorded) < 1e-4 * recorded, `L_n(w*) at j ${j.loss} vs recorded ${recorded}`);
  });

  it('the Arrhenius test keeps the runs that grok slowly, discards the others with the reason, and fits ΔF on ln r', async () => {
    const report = await arrheniusTest(RUNS.map((r) => dir(r.name)), { sgld: FEW_DRAWS });
    const byName = Object.fromEntries(RUNS.map((r, k) => [r.name, report.runs[k]]));
    assert.deepEqual([byName.seed1.gap, byName.seed8.gap], [39, 27]);
    assert.ok(byName.seed1.kept && byName.seed8.kept);
    assert.equal(byName.seed0.reason, 'never reached 100 % training accuracy');
    assert.match(byName.fast.reason!, /^j − i = -?\d+ checkpoints, not more than 20$/);
    assert.equal(byName.fast.memorisedLlc, null);
    assert.equal(report.used, 2);
    for (const r of [byName.seed1, byName.seed8]) {
      const [i, j] = [r.memorisedLlc!, r.generalisedLlc!];
      assert.equal(i.step, r.memorised!.step);
      assert.ok(Math.abs(r.deltaF! - (Math.log(r.n) * (j.llc!.mean - i.llc!.mean) + r.n * (j.loss - i.loss))) < 1e-9);
      assert.equal(r.logGap, Math.log(r.gap!));
    }
    const slope = (byName.seed1.deltaF! - byName.seed8.deltaF!) / (Math.log(39) - Math.log(27));
    assert.ok(Math.abs(report.fit!.slope - slope) < 1e-9 * Math.abs(slope));
    assert.equal(report.fit!.rSquared, 1);

    const flipped = await arrheniusTest([dir('seed1'), dir('seed8')], { sgld: FEW_DRAWS, sign: 'before-minus-after' });
    assert.equal(flipped.sign, 'before-minus-after');
    assert.ok(Math.abs(flipped.fit!.slope + report.fit!.slope) < 1e-9 * Math.abs(slope), 'the other sign negates ΔF and the slope');
    const single = await arrheniusTest([dir('seed1'), dir('seed0')], { sgld: FEW_DRAWS });
    assert.equal(single.fit, null);
    assert.match(single.note!, /^1 run with a ΔF; the fit needs at least 2/);
  });

  it('saescope arrhenius --runs … --json prints the test; other runs and a missing --runs are errors', async () => {
    const { code, stdout, stderr } = await saescope('arrhenius', '--runs', `${dir('seed1')},${dir('seed8')}`, '--draws', '20', '--json');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.used, 2);
    assert.equal(report.sampler.draws, 20);
    assert.equal(report.fit.points, 2);
    const missing = await saescope('arrhenius', '--json');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--runs needs one or more grokking run folders/);
    const dln = join(root, 'dln');
    await toyModelPreset('dln').train({ seed: 0, steps: 10, outDir: dln });
    const wrong = await saescope('arrhenius', '--runs', dln);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /dln: the Arrhenius test needs grokking runs, this is a 'dln' run/);
  });
});
