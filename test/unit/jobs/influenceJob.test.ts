import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { influenceHandler } from '../../../src/engine/jobs/influenceJob';
import { toyModelPreset } from '../../../src/engine/toys/models/registry';
import { parseJobResult, type InfluenceSettings } from '../../../src/shared/protocol';
import { recordingContext } from '../support/jobContext';

async function runInfluence(settings: InfluenceSettings, ctx: JobContext) {
  return parseJobResult('influence', structuredClone(await influenceHandler()({ kind: 'influence', id: 1, settings }, ctx)));
}

describe('jobs/influence', function () {
  this.timeout(120_000);
  let tmp: string;
  let dir: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'saescope-influencejob-'));
    dir = join(tmp, 'dln');
    await toyModelPreset('dln').train({ steps: 2000, seed: 0, outDir: dir, checkpointEvery: 100 });
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('the hierarchy toy: trajectories per pair with marks, stage boundaries and the loss curve; progress per checkpoint', async () => {
    const { ctx, events } = recordingContext();
    const outcome = await runInfluence({ run: dir, pairs: ['dog:oak', 'dog:cat'], draws: 300, every: 100, seed: 0 }, ctx);
    assert.equal(outcome.cancelled, false);
    const t = outcome.trajectories;
    assert.equal(t.preset, 'dln');
    assert.deepEqual(t.pairs.map((p) => p.pair), ['dog:oak', 'dog:cat']);
    assert.equal(t.checkpoints.length, 20);
    assert.deepEqual(events.filter((e) => /^checkpoint \d+\/20/.test(e.message)).map((e) => e.fraction), Array.from({ length: 20 }, (_, k) => (k + 1) / 20));
    const cat = t.pairs[1];
    assert.equal(cat.correlation.length, 20);
    assert.ok(cat.correlation.every((c) => c === null || Math.abs(c) <= 1 + 1e-9));
    // dog and cat are separated by the mammal/bird mode, the last one learned: strongly harmful around it.
    const lowest = Math.min(...cat.correlation.filter((c): c is number => c !== null));
    assert.ok(lowest < -0.5, `dog:cat min corr ${lowest}`);
    assert.ok(cat.marks.peaks.some((p) => p.sign === 'harmful'));
    assert.ok(t.stages.boundaries.length >= 1, 'loss-drop stage boundaries');
    assert.equal(t.curve.key, 'loss');
    assert.equal(t.curve.steps.at(-1), 2000);
  });

  it('Cancel keeps the trajectories over the checkpoints that finished; unknown items are named', async () => {
    const cancelled = recordingContext((p, controller) => {
      if (/^checkpoint 3\//.test(p.message)) controller.abort();
    });
    const outcome = await runInfluence({ run: dir, pairs: ['dog:cat'], draws: 100, every: 100, seed: 0 }, cancelled.ctx);
    assert.equal(outcome.cancelled, true);
    assert.deepEqual(outcome.trajectories.pairs[0].steps, [100, 200, 300]);
    await assert.rejects(runInfluence({ run: dir, pairs: ['dog:unicorn'], draws: 100, every: 100, seed: 0 }, recordingContext().ctx), /unicorn/);
  });
});
