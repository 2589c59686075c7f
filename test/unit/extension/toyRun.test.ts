import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelCheckpoint } from '../../../src/engine/toys/models/checkpoint';
import { EngineClient } from '../../../src/extension/engineClient';
import { commitRun, isToyRun, listRuns, readAnyRun, stageRun } from '../../../src/extension/runs/runFolder';
import { trainToyRun } from '../../../src/extension/runs/toyRun';
import type { JobProgress, RunRecord, ToyTrainSettings, TrainSettings } from '../../../src/shared/protocol';
import { ManualToken } from '../support/manualToken';
import { startTsWorker } from '../support/tsWorker';

const engineWorker = new URL('../../../src/engine/worker.ts', import.meta.url);


const started = new Date('2026-02-03T04:05:06.789Z');

describe('extension/runs/toyRun: Train Toy Model… without VS Code, through a real engine worker', function () {
  this.timeout(120_000);
  let runs: string;
  let client: EngineClient;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'saescope-toyruns-'));
    client = new EngineClient({ startWorker: () => startTsWorker(engineWorker), log: () => {} });
  });
  afterEach(async () => {
    client.dispose();
    await rm(runs, { recursive: true, force: true });
  });

  it('trains, streams, and saves params.json, metrics.json and checkpoints/ under the run id; the runs list shows it beside SAE runs', async () => {
    const settings: ToyTrainSettings = { preset: 'dln', steps: 60, seed: 2, overrides: { recordEvery: 10 }, checkpointEvery: 30 };
    const events: JobProgress[] = [];
    let staging = '';
    const { folder, record } = await trainToyRun(client, runs, settings, started, {
      onStaged: (_id, path) => (staging = path),
      onProgress: (p) => events.push(p),
    });
    assert.equal(record.id, '20260203-040506-dln-60');
    assert.equal(folder, join(runs, record.id));
    assert.equal(staging, join(runs, '.staging-20260203-040506-dln-60'));
    assert.deepEqual((await readdir(runs)).sort(), [record.id], 'the staging folder was renamed into place');
    assert.deepEqual((await readdir(folder)).sort(), ['checkpoints', 'metrics.json', 'params.json']);
    assert.deepEqual(JSON.parse(await readFile(join(folder, 'params.json'), 'utf8')), settings);
    assert.deepEqual(record.checkpoints, [join('checkpoints', 'step_30.safetensors'), join('checkpoints', 'step_60.safetensors')]);
    assert.deepEqual(events.flatMap((p) => (p.checkpoint ? [p.checkpoint.path] : [])), record.checkpoints, 'each checkpoint was streamed');
    assert.deepEqual(events.flatMap((p) => (p.record ? [p.record] : [])), record.records, 'each record was streamed');
    assert.ok(record.records.at(-1)!['progress.root'] > 0, 'the preset’s own metrics are recorded');
    assert.equal(record.cancelled, false);
    assert.equal(record.steps, 60);
    assert.equal(record.config.hidden, 16);
    assert.deepEqual(await readAnyRun(folder), record, 'reopening reads the saved record, nothing recomputed');
    assert.equal((await loadModelCheckpoint(join(folder, 'checkpoints', 'step_60.safetensors'))).step, 60);

    const sae: TrainSettings = { data: 'toy:small', arch: 'topk', width: 8, k: 2, l1: null, steps: 10, batch: 64, lr: 3e-4, seed: 0, evalRows: 256, checkpointEvery: null };
    const saeRecord: RunRecord = { id: '20260101-000000-topk-8', settings: sae, startedAt: '2026-01-01T00:00:00.000Z', seconds: 1, history: [], metrics: [], checkpoints: [] };
    await commitRun(await stageRun(runs, saeRecord.id, sae), saeRecord);
    const listed = await listRuns(runs);
    assert.deepEqual(listed.map((r) => [r.id, isToyRun(r)]), [[record.id, true], [saeRecord.id, false]]);
  });

  it('cancelled, saves the run with the checkpoints written so far, all whole, and no staging folder', async () => {
    const settings: ToyTrainSettings = { preset: 'linear-regression', steps: 2_000_000, seed: 0, overrides: { recordEvery: 100 }, checkpointEvery: 100 };
    const token = new ManualToken();
    const { folder, record } = await trainToyRun(client, runs, settings, started, {
      token,
      onProgress: (p) => {
        if (p.checkpoint) token.cancel();
      },
    });
    assert.equal(record.cancelled, true);
    assert.ok(record.steps >= 100 && record.steps < 2_000_000, `stopped at ${record.steps}`);
    assert.deepEqual(await readdir(runs), [record.id]);
    const files = (await readdir(join(folder, 'checkpoints'))).sort();
    assert.deepEqual(files, record.checkpoints.map((p) => p.split(/[\\/]/).pop()).sort(), 'the checkpoints listed are the files, and no temporary file is left');
    assert.ok(record.checkpoints.at(-1)!.endsWith(`step_${record.steps}.safetensors`), 'the step it stopped at is saved');
    for (const file of files) assert.equal((await loadModelCheckpoint(join(folder, 'checkpoints', file))).preset, 'linear-regression');
    const saved = await readAnyRun(folder);
    assert.ok(isToyRun(saved) && saved.cancelled);
  });

  it('a run that fails leaves nothing in the runs folder and says why', async () => {
    const settings: ToyTrainSettings = { preset: 'tms', steps: 10, seed: 0, overrides: { nope: 1 }, checkpointEvery: 5 };
    await assert.rejects(trainToyRun(client, runs, settings, started), /tms: unknown parameter 'nope'/);
    assert.deepEqual(await readdir(runs), []);
  });
});
