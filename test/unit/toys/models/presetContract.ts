import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelCheckpoint } from '../../../../src/engine/toys/models/checkpoint';
import type { ModelRecord, ToyModelPreset } from '../../../../src/engine/toys/models/types';

export interface ShortRun {
  steps: number;
  checkpointEvery: number;
  overrides?: Record<string, number>;
}

const savedSteps = async (dir: string) =>
  (await readdir(dir)).map((f) => Number(/^step_(\d+)\.safetensors$/.exec(f)?.[1])).sort((a, b) => a - b);

/** Records as a checkpoint stores them (JSON: −0 becomes 0). */
const asStored = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** What every toy-model preset owes its callers, checked on a short run. */
export function describePresetContract(preset: ToyModelPreset, run: ShortRun): void {
  describe(`${preset.name}: training contract`, () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), `saescope-${preset.name}-`));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('is deterministic under a seed, and another seed gives another run', async () => {
      const train = (seed: number) => preset.train({ seed, steps: run.steps, overrides: run.overrides });
      const [a, b, c] = [await train(7), await train(7), await train(8)];
      assert.deepEqual(a.params, b.params);
      assert.deepEqual(a.records, b.records);
      assert.notDeepEqual(a.params, c.params);
    });

    it('checkpoints every N steps and at the last, streaming each record and checkpoint; the last checkpoint loads back as it was saved', async () => {
      const streamed: ModelRecord[] = [];
      const written: [string, number][] = [];
      const result = await preset.train({
        seed: 1, steps: run.steps, overrides: run.overrides, checkpointEvery: run.checkpointEvery, outDir: dir,
        onRecord: (record) => streamed.push(record),
        onCheckpoint: (file, step) => written.push([file, step]),
      });
      assert.deepEqual(streamed, result.records, 'every record is streamed as it is measured');
      assert.deepEqual(written.map(([file]) => file), result.checkpoints, 'every checkpoint is streamed once written');
      const expected = Array.from({ length: Math.floor(run.steps / run.checkpointEvery) }, (_, i) => (i + 1) * run.checkpointEvery);
      if (expected.at(-1) !== run.steps) expected.push(run.steps);
      assert.deepEqual(await savedSteps(dir), expected);
      assert.deepEqual(written.map(([, step]) => step), expected);
      assert.equal(result.checkpoints.length, expected.length);
      assert.equal(result.cancelled, false);
      assert.equal(result.steps, run.steps);
      const last = await loadModelCheckpoint(result.checkpoints.at(-1)!);
      assert.equal(last.preset, preset.name);
      assert.equal(last.step, run.steps);
      assert.deepEqual(last.config, result.config);
      assert.deepEqual(last.params, result.params);
      assert.deepEqual(last.records, asStored(result.records));
      assert.equal(result.records[0].step, 0);
      assert.equal(result.records.at(-1)!.step, run.steps);
      const first = await loadModelCheckpoint(result.checkpoints[0]);
      assert.equal(first.records.at(-1)!.step, run.checkpointEvery);
    });

    it('stops cleanly when cancelled, keeping its checkpoints and saving the step it stopped at', async () => {
      const controller = new AbortController();
      const log = (line: string) => {
        const step = Number(/step (\d+)\//.exec(line)?.[1]);
        if (step >= run.steps / 2) controller.abort();
      };
      const result = await preset.train({ seed: 1, steps: run.steps, overrides: run.overrides, checkpointEvery: run.checkpointEvery, outDir: dir, signal: controller.signal, log });
      assert.equal(result.cancelled, true);
      assert.ok(result.steps >= run.steps / 2 && result.steps < run.steps, `stopped at ${result.steps}`);
      const saved = await savedSteps(dir);
      assert.deepEqual(saved.filter((s) => s % run.checkpointEvery === 0 || s === result.steps), saved);
      assert.equal(saved.at(-1), result.steps);
      assert.ok(saved.length >= 2, `saved ${saved.join(', ')}`);
      const last = await loadModelCheckpoint(result.checkpoints.at(-1)!);
      assert.deepEqual(last.params, result.params);
      assert.equal(last.records.at(-1)!.step, result.steps);
    });

    it('rejects an unknown override, naming the parameters it has', async () => {
      await assert.rejects(preset.train({ seed: 1, steps: 1, overrides: { noSuchKnob: 1 } }), /unknown parameter 'noSuchKnob'/);
    });
  });
}
