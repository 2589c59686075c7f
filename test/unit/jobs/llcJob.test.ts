import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpy } from '../../../src/engine/io/npy';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { llcHandler } from '../../../src/engine/jobs/llcJob';
import { toyModelPreset } from '../../../src/engine/toys/models/registry';
import { parseJobResult, type LlcSettings } from '../../../src/shared/protocol';
import { recordingContext } from '../support/jobContext';

/** The job's answer as the host reads it: structured-cloned, then parsed. */
async function runLlc(settings: LlcSettings, ctx: JobContext) {
  return parseJobResult('llc', structuredClone(await llcHandler()({ kind: 'llc', id: 1, settings }, ctx)));
}

describe('jobs/llc', function () {
  this.timeout(120_000);
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'saescope-llcjob-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('a linear regression on its built-in data: λ̂ near d/2 = 2.5 with its trace and health checks', async () => {
    const { ctx, events } = recordingContext();
    const outcome = await runLlc({ mode: 'family', model: 'linear', x: null, y: null, draws: 400, seed: 0 }, ctx);
    assert.ok(outcome.mode === 'family' && outcome.family && !outcome.cancelled);
    const { estimate, theory, data } = outcome.family;
    assert.equal(theory.lambda, 2.5);
    assert.equal(data.inputDim, 5);
    assert.ok(Math.abs(estimate.llc.mean - 2.5) < 0.5, `λ̂ ${estimate.llc.mean}`);
    assert.equal(estimate.sampler.batch, data.rows, 'full batch, as the family\'s validation target');
    assert.equal(estimate.sampler.draws, 400);
    assert.equal(estimate.health.fullBatch, true);
    const trace = estimate.health.trace;
    assert.equal(trace.perChain.length, estimate.sampler.chains);
    assert.equal(trace.draws.length, 100, '400 draws in bins of 4');
    // The binned mean over chains is the mean of the chains' bins.
    const k = 60;
    const column = trace.perChain.map((c) => c[k]!);
    assert.ok(Math.abs(trace.mean[k]! - column.reduce((a, b) => a + b, 0) / column.length) < 1e-9);
    assert.ok(events.some((e) => /fitting w\*/.test(e.message)));
  });

  it("the user's x/y files: the fit is theirs, and bad files are named", async () => {
    const rows = 400;
    const x = new Float32Array(rows * 2);
    const y = new Float32Array(rows);
    let state = 7;
    const uniform = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    for (let r = 0; r < rows; r++) {
      x[2 * r] = uniform();
      x[2 * r + 1] = uniform();
      y[r] = 3 * x[2 * r] - x[2 * r + 1] + 0.1 * uniform();
    }
    await writeNpy(join(tmp, 'x.npy'), { dtype: 'F32', shape: [rows, 2], data: x });
    await writeNpy(join(tmp, 'y.npy'), { dtype: 'F32', shape: [rows], data: y });
    await writeNpy(join(tmp, 'y-short.npy'), { dtype: 'F32', shape: [rows - 1], data: y.subarray(1) });
    const outcome = await runLlc({ mode: 'family', model: 'linear', x: join(tmp, 'x.npy'), y: join(tmp, 'y.npy'), draws: 300, seed: 0 }, recordingContext().ctx);
    assert.ok(outcome.mode === 'family' && outcome.family);
    assert.equal(outcome.family.data.rows, rows);
    assert.equal(outcome.family.data.inputDim, 2);
    assert.equal(outcome.family.theory.lambda, 1, 'd/2 for two inputs');
    await assert.rejects(runLlc({ mode: 'family', model: 'linear', x: join(tmp, 'x.npy'), y: join(tmp, 'y-short.npy'), draws: 300, seed: 0 }, recordingContext().ctx), /y-short\.npy.*399 rows/);
  });

  it('a saved toy run: every checkpoint streamed as it finishes, then the loss curve, stages and ΔF; Cancel keeps what finished', async () => {
    const dir = join(tmp, 'linear-run');
    await toyModelPreset('linear-regression').train({ steps: 600, seed: 0, outDir: dir, checkpointEvery: 150, overrides: { recordEvery: 10 } });
    const { ctx, events } = recordingContext();
    const outcome = await runLlc({ mode: 'run', run: dir, draws: 200, every: 1, seed: 0 }, ctx);
    assert.ok(outcome.mode === 'run' && !outcome.cancelled);
    const run = outcome.run;
    assert.equal(run.preset, 'linear-regression');
    assert.deepEqual(run.checkpoints.map((c) => c.step), [150, 300, 450, 600]);
    const streamed = events.flatMap((e) => (e.llcCheckpoint ? [e.llcCheckpoint] : []));
    assert.deepEqual(streamed, run.checkpoints, 'the streamed checkpoints are the result\'s');
    assert.equal(run.curve.key, 'loss');
    assert.equal(run.curve.steps.length, 61);
    // Converged checkpoints sit at the minimum: λ̂ near d/2 = 2.5 (full batch).
    const last = run.checkpoints.at(-1)!;
    assert.ok(last.llc && Math.abs(last.llc.mean - 2.5) < 0.6, `λ̂ at the end ${last.llc?.mean}`);
    assert.equal(last.health?.fullBatch, true);
    assert.ok(run.stages.boundaries.length >= 0 && run.freeEnergy.stages.length === run.stages.boundaries.length + 1);

    const cancelled = recordingContext((p, controller) => {
      if (p.llcCheckpoint) controller.abort();
    });
    const partial = await runLlc({ mode: 'run', run: dir, draws: 200, every: 1, seed: 0 }, cancelled.ctx);
    assert.ok(partial.mode === 'run' && partial.cancelled);
    assert.deepEqual(partial.run.checkpoints, run.checkpoints.slice(0, 1), 'the checkpoint that finished, as it was without Cancel');
  });

  it('a run the sampler has no model for is refused with the reason', async () => {
    const dir = join(tmp, 'tms-run');
    await toyModelPreset('tms').train({ steps: 20, seed: 0, outDir: dir, checkpointEvery: 10 });
    await assert.rejects(runLlc({ mode: 'run', run: dir, draws: 50, every: 1, seed: 0 }, recordingContext().ctx), /tms/);
  });
});
