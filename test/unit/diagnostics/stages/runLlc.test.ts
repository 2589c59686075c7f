import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeEnergyDifference } from '../../../../src/engine/diagnostics/stages/freeEnergy';
import { detectLossDropStages } from '../../../../src/engine/diagnostics/stages/lossDropStages';
import { llcAcrossCheckpoints } from '../../../../src/engine/diagnostics/stages/runLlc';
import { readToyRun, recordCurve } from '../../../../src/engine/diagnostics/stages/toyRun';
import { toyModelPreset } from '../../../../src/engine/toys/models/registry';
import { saescope } from '../../support/cli';

describe('LLC across the checkpoints of a toy run', () => {
  let root: string;
  let linear: string;
  let dln: string;
  const dlnHalfProgress: Record<string, number> = {};

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'saescope-stages-'));
    linear = join(root, 'linear');
    dln = join(root, 'dln');
    await toyModelPreset('linear-regression').train({ seed: 0, steps: 600, outDir: linear, checkpointEvery: 100, overrides: { recordEvery: 50 } });
    // From very small weights the modes' plateaus are long beside their transitions, so the stages separate.
    const run = await toyModelPreset('dln').train({ seed: 0, steps: 5000, outDir: dln, checkpointEvery: 500, overrides: { recordEvery: 50, initStd: 1e-9 } });
    for (const group of ['root', 'level1', 'level2']) dlnHalfProgress[group] = run.records.find((r) => r[`progress.${group}`] >= 0.5)!.step;
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the deep linear network learns its modes in stages: one loss-drop boundary per mode group, where the group is half learned', async () => {
    const run = await readToyRun(dln);
    const curve = recordCurve(run, 'loss');
    const { boundaries } = detectLossDropStages(curve.values);
    const steps = boundaries.map((b) => curve.steps[b]);
    assert.equal(steps.length, 3, `boundaries at ${steps.join(', ')}`);
    ['root', 'level1', 'level2'].forEach((group, k) => {
      assert.ok(Math.abs(steps[k] - dlnHalfProgress[group]) <= 150, `${group}: boundary ${steps[k]}, half progress at ${dlnHalfProgress[group]}`);
    });
  });

  it('linear regression: λ̂ at the converged checkpoints is d/2 within 10 %; before convergence it is negative and says so', async () => {
    const report = await llcAcrossCheckpoints(linear, { sgld: { draws: 1000 } });
    assert.equal(report.preset, 'linear-regression');
    assert.equal(report.n, 1000);
    assert.equal(report.sampler.batch, 1000);
    assert.equal(report.sampler.epsilon, 1e-4);
    assert.deepEqual(report.checkpoints.map((c) => c.step), [100, 200, 300, 400, 500, 600]);
    const [first, ...rest] = report.checkpoints;
    assert.ok(first.llc!.mean < 0, `λ̂ at step 100: ${first.llc!.mean}`);
    assert.ok(first.health!.warnings.some((w) => /not a local minimum/.test(w)), first.health!.warnings.join('; '));
    for (const c of rest.slice(2)) {
      assert.ok(Math.abs(c.llc!.mean / 2.5 - 1) < 0.1, `λ̂ at step ${c.step}: ${c.llc!.mean}`);
      assert.deepEqual(c.health!.warnings, []);
    }
    const records = (await readToyRun(linear)).records;
    assert.deepEqual(report.curve.steps, records.map((r) => r.step));
    for (const c of report.checkpoints) {
      const recorded = records.find((r) => r.step === c.step)!.loss;
      assert.ok(Math.abs(c.loss - recorded) < 1e-5 * recorded, `L_n at step ${c.step}: ${c.loss} vs recorded ${recorded}`);
    }
  });

  it('deep linear network: λ̂ grows stage by stage and ΔF between stages is the free-energy formula on stage means', async () => {
    const report = await llcAcrossCheckpoints(dln);
    assert.equal(report.sampler.nbeta, 100);
    assert.equal(report.sampler.localization, 1000);
    assert.equal(report.stages.boundaries.length, 3);
    const { stages, transitions } = report.freeEnergy;
    assert.equal(stages.length, 4);
    for (let k = 1; k < stages.length; k++) {
      assert.ok(stages[k].llc! > stages[k - 1].llc!, `mean λ̂ of stage ${k} (${stages[k].llc}) above stage ${k - 1} (${stages[k - 1].llc})`);
    }
    const inStage = (k: number) => report.checkpoints.filter((c) => c.step >= stages[k].fromStep && (stages[k].toStep === null || c.step < stages[k].toStep!));
    transitions.forEach((t, k) => {
      const mean = (k2: number, pick: (c: (typeof report.checkpoints)[number]) => number) => inStage(k2).reduce((s, c) => s + pick(c), 0) / inStage(k2).length;
      const expected = freeEnergyDifference(8, { loss: mean(k, (c) => c.loss), llc: mean(k, (c) => c.llc!.mean) }, { loss: mean(k + 1, (c) => c.loss), llc: mean(k + 1, (c) => c.llc!.mean) });
      assert.ok(Math.abs(t.deltaF! - expected) < 1e-9, `ΔF ${k} → ${k + 1}`);
      assert.ok(t.deltaF! < 0, `learning a mode lowers the free energy: ΔF ${t.deltaF}`);
    });
  });

  it('every N-th checkpoint keeps the last; bad folders and unsupported presets are refused by name', async () => {
    const report = await llcAcrossCheckpoints(dln, { every: 4, sgld: { draws: 20, burnIn: 0 } });
    assert.deepEqual(report.checkpoints.map((c) => c.step), [500, 2500, 4500, 5000]);
    await assert.rejects(llcAcrossCheckpoints(join(root, 'none')), /none: not a folder/);
    await mkdir(join(root, 'empty'));
    await assert.rejects(llcAcrossCheckpoints(join(root, 'empty')), /empty: no toy-model checkpoints/);
    const mixed = join(root, 'mixed');
    await mkdir(mixed);
    await copyFile(join(linear, 'step_100.safetensors'), join(mixed, 'step_100.safetensors'));
    await copyFile(join(dln, 'step_500.safetensors'), join(mixed, 'step_500.safetensors'));
    await assert.rejects(llcAcrossCheckpoints(mixed), /step_500\.safetensors: preset dln, but .*step_100\.safetensors is linear-regression/);
    const tms = join(root, 'tms');
    await toyModelPreset('tms').train({ seed: 0, steps: 10, outDir: tms, overrides: { features: 8, hidden: 2, batch: 8 } });
    await assert.rejects(llcAcrossCheckpoints(tms), /supports .*dln, grokking; 'tms' is not one of them/);
    await assert.rejects(llcAcrossCheckpoints(dln, { curve: 'accuracy' }), /records have no 'accuracy'; they have loss, /);
  });

  it('saescope llc <run> --json prints the report; a bad run folder is an error naming it', async () => {
    const { code, stdout, stderr } = await saescope('llc', dln, '--every', '5', '--draws', '20', '--burn-in', '0', '--json');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.checkpoints.map((c: { step: number }) => c.step), [500, 3000, 5000]);
    assert.equal(report.sampler.draws, 20);
    assert.equal(report.stages.boundaries.length, 3);
    assert.equal(report.freeEnergy.transitions.length, 3);
    const failed = await saescope('llc', join(root, 'none'), '--json');
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^saescope: .*none: not a folder/m);
    const mixedForms = await saescope('llc', dln, '--model', 'linear', '--fit');
    assert.equal(mixedForms.code, 1);
    assert.match(mixedForms.stderr, /--model, --fit apply to --model, not to a toy run folder/);
    const runOptionWithoutRun = await saescope('llc', '--model', 'linear', '--every', '2');
    assert.equal(runOptionWithoutRun.code, 1);
    assert.match(runOptionWithoutRun.stderr, /--every need a toy run folder/);
  });
});
