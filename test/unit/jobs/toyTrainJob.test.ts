import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { toyPresetsHandler, toyTrainHandler } from '../../../src/engine/jobs/toyTrainJob';
import { loadModelCheckpoint } from '../../../src/engine/toys/models/checkpoint';
import { TOY_MODEL_PRESETS } from '../../../src/engine/toys/models/registry';
import { parseJobResult, type JobProgress, type ToyTrainSettings } from '../../../src/shared/protocol';

/** A job context that keeps every progress event and, for each checkpoint event, whether its file was whole then. */
function recordingContext(controller = new AbortController(), onProgress?: (p: JobProgress) => void) {
  const events: JobProgress[] = [];
  const context: JobContext = {
    signal: controller.signal,
    progress: (p) => {
      events.push(p);
      onProgress?.(p);
    },
  };
  return { events, context, controller };
}

describe('jobs/trainToyModel', function () {
  this.timeout(120_000);
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'saescope-toyjob-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it('lists every preset with its summary and default steps', async () => {
    const presets = parseJobResult('toyModelPresets', await toyPresetsHandler({ kind: 'toyModelPresets', id: 1 }, recordingContext().context));
    assert.deepEqual(presets.map((p) => p.name), TOY_MODEL_PRESETS.map((p) => p.name));
    const tms = presets.find((p) => p.name === 'tms')!;
    assert.equal(tms.defaultSteps, 3000);
    assert.match(tms.summary, /superposition/);
  });

  for (const [preset, overrides] of [
    ['linear-regression', { recordEvery: 10 }],
    ['truth-toy', { recordEvery: 10, probePerClass: 50, batch: 32 }],
  ] as const) {
    it(`${preset}: streams every record and each checkpoint once it is whole on disk`, async () => {
      const outDir = join(tmp, 'checkpoints');
      const settings: ToyTrainSettings = { preset, steps: 40, seed: 1, overrides, checkpointEvery: 20 };
      const wholeAtEvent: boolean[] = [];
      const { events, context } = recordingContext(undefined, (p) => {
        if (p.checkpoint) wholeAtEvent.push(existsSync(join(tmp, p.checkpoint.path)));
      });
      const outcome = parseJobResult('trainToyModel', await toyTrainHandler({ kind: 'trainToyModel', id: 1, settings, outDir }, context));
      assert.equal(outcome.cancelled, false);
      assert.equal(outcome.steps, 40);
      assert.equal(outcome.config.recordEvery, 10);
      const streamed = events.flatMap((p) => (p.record ? [p.record] : []));
      assert.deepEqual(streamed, outcome.records, 'the records streamed are the records of the run');
      assert.deepEqual(streamed.map((r) => r.step), [0, 10, 20, 30, 40]);
      assert.ok(streamed.slice(1).every((r) => Number.isFinite(r.loss)), 'a loss in every record after step 0');
      assert.deepEqual(
        events.flatMap((p) => (p.checkpoint ? [p.checkpoint] : [])),
        [20, 40].map((step) => ({ step, path: join('checkpoints', `step_${step}.safetensors`) })),
      );
      assert.deepEqual(outcome.checkpoints.map((c) => c.step), [20, 40]);
      assert.deepEqual(wholeAtEvent, [true, true]);
      const last = await loadModelCheckpoint(join(outDir, 'step_40.safetensors'));
      assert.equal(last.preset, preset);
      assert.equal(last.step, 40);
      assert.deepEqual(last.records.map((r) => r.step), [0, 10, 20, 30, 40]);
      const fractions = events.flatMap((p) => (p.record ? [p.fraction] : []));
      assert.deepEqual(fractions, [0, 0.25, 0.5, 0.75, 1]);
    });
  }

  it('cancelled, stops soon, saves the step it stopped at, answers with the checkpoints so far and leaves no partial file', async () => {
    const outDir = join(tmp, 'checkpoints');
    const settings: ToyTrainSettings = { preset: 'linear-regression', steps: 1_000_000, seed: 0, overrides: { recordEvery: 50 }, checkpointEvery: 50 };
    const controller = new AbortController();
    const { context } = recordingContext(controller, (p) => {
      if (p.checkpoint) controller.abort();
    });
    const outcome = await toyTrainHandler({ kind: 'trainToyModel', id: 1, settings, outDir }, context);
    assert.equal(outcome.cancelled, true);
    assert.ok(outcome.steps >= 50 && outcome.steps < 1_000_000, `stopped at ${outcome.steps}`);
    assert.equal(outcome.checkpoints.at(-1)!.step, outcome.steps, 'the step it stopped at is saved');
    assert.equal(outcome.records.at(-1)!.step, outcome.steps);
    const files = (await readdir(outDir)).sort();
    assert.deepEqual(files, outcome.checkpoints.map((c) => `step_${c.step}.safetensors`).sort(), 'only whole checkpoints, no temporary files');
    for (const file of files) assert.equal((await loadModelCheckpoint(join(outDir, file))).preset, 'linear-regression');
  });

  it('names the problem with a preset or an override', async () => {
    const run = (settings: Partial<ToyTrainSettings>) =>
      toyTrainHandler({ kind: 'trainToyModel', id: 1, outDir: join(tmp, 'c'), settings: { preset: 'tms', steps: 10, seed: 0, overrides: {}, checkpointEvery: null, ...settings } }, recordingContext().context);
    await assert.rejects(run({ preset: 'nope' }), /unknown toy model 'nope'; models: tms, /);
    await assert.rejects(run({ overrides: { widht: 3 } }), /tms: unknown parameter 'widht'/);
  });
});
