import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitRun, discardRun, listRuns, readRun, runId, stageRun, sweepStaging } from '../../../src/extension/runs/runFolder';
import type { RunRecord, TrainSettings } from '../../../src/shared/protocol';

const settings: TrainSettings = {
  data: 'toy:small', arch: 'topk', width: 32, k: 2, l1: null, steps: 10, batch: 64, lr: 3e-4, seed: 0, evalRows: 256, checkpointEvery: 5,
};

describe('extension/runs/runFolder', () => {
  let runs: string;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'saescope-runs-'));
  });
  afterEach(() => rm(runs, { recursive: true, force: true }));

  it('names runs by start time, architecture and width', () => {
    assert.equal(runId(new Date('2026-01-02T03:04:05.678Z'), settings), '20260102-030405-topk-32');
  });

  it('writes params.json and metrics.json and moves the run into place only when committed', async () => {
    const staged = await stageRun(runs, 'r1', settings);
    assert.deepEqual(await listRuns(runs), [], 'a staged run is not listed');
    await mkdir(staged.saeOut);
    const record: RunRecord = { id: 'r1', settings, startedAt: '2026-01-02T03:04:05.000Z', seconds: 1.5, history: [], metrics: [], checkpoints: ['sae-checkpoints/step_5'] };
    const folder = await commitRun(staged, record);
    assert.deepEqual((await readdir(folder)).sort(), ['metrics.json', 'params.json', 'sae']);
    assert.deepEqual(await readRun(folder), record);
    assert.deepEqual((await listRuns(runs)).map((r) => r.id), ['r1']);
    assert.deepEqual(await readdir(runs), ['r1'], 'no temp files left');
  });

  it('leaves nothing behind when a run is cancelled', async () => {
    const staged = await stageRun(runs, 'r2', settings);
    await mkdir(join(staged.staging, 'sae-checkpoints', 'step_5'), { recursive: true });
    await writeFile(join(staged.staging, 'sae-checkpoints', 'step_5', 'partial'), 'x');
    await discardRun(staged);
    assert.deepEqual(await readdir(runs), []);
  });

  it('sweeps staging folders a late checkpoint write left, and skips folders that are not runs', async () => {
    await mkdir(join(runs, '.staging-old', 'sae-checkpoints'), { recursive: true });
    await mkdir(join(runs, 'not-a-run'));
    await sweepStaging(runs);
    assert.deepEqual(await readdir(runs), ['not-a-run']);
    assert.deepEqual(await listRuns(runs), []);
    assert.deepEqual(await listRuns(join(runs, 'missing')), []);
  });

  it('does not sweep the staging folder of a run still training, and sweeps it once that run is discarded', async () => {
    const training = await stageRun(runs, 'r3', settings);
    await sweepStaging(runs);
    assert.deepEqual(await readdir(runs), ['.staging-r3']);
    await discardRun(training);
    await mkdir(join(training.staging, 'sae-checkpoints'), { recursive: true }); // a checkpoint written late
    await sweepStaging(runs);
    assert.deepEqual(await readdir(runs), []);
  });
});
