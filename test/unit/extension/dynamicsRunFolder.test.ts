import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointFolderOf, describeRecord, itemPairs } from '../../../src/extension/dynamics/dynamicsSummary';
import { dynamicsRunId, listDynamicsRuns, readDynamicsRun, saveDynamicsRun } from '../../../src/extension/runs/dynamicsRunFolder';
import { listRuns } from '../../../src/extension/runs/runFolder';
import { hierarchicalData } from '../../../src/engine/toys/models/hierarchicalData';
import type { DynamicsRunRecord, LlcHealthView, LlcSettings } from '../../../src/shared/protocol';

const health: LlcHealthView = {
  trace: { draws: [0, 2], perChain: [[1, 2], [null, null]], mean: [1, 2], std: [0, 0] },
  flattened: true,
  lastQuarters: { third: 2, fourth: 2.1, change: 0.1 },
  negativeShare: 0,
  fullBatch: true,
  divergences: [{ chain: 1, step: 3 }],
  warnings: ['chain 1 diverged at step 3'],
};
const settings: LlcSettings = { mode: 'family', model: 'linear', x: null, y: null, draws: 4, seed: 0 };
const record: DynamicsRunRecord = {
  kind: 'llc',
  id: '20260102-030405-llc-linear',
  settings,
  startedAt: '2026-01-02T03:04:05.000Z',
  seconds: 1.25,
  outcome: {
    mode: 'family',
    cancelled: false,
    family: {
      model: 'linear',
      data: { source: 'synthetic (seed 0)', rows: 1000, inputDim: 5, outputDim: 1 },
      fit: { method: 'least squares (Householder QR)', loss: 0.24 },
      theory: { lambda: 2.5, assumption: 'regular model: λ = d/2', quadratic: 2.49 },
      estimate: {
        llc: { mean: 2.6, std: 0, perChain: [2.6, null] },
        initLoss: 0.24,
        fullLoss: 0.24,
        rows: 1000,
        parameterCount: 5,
        sampler: { epsilon: 1e-4, localization: 1, nbeta: 144.8, chains: 2, draws: 4, burnIn: 500, batch: 1000, seed: 0 },
        health,
      },
    },
  },
};

describe('extension/runs/dynamicsRunFolder', () => {
  let runs: string;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'saescope-dynamics-runs-'));
  });
  afterEach(() => rm(runs, { recursive: true, force: true }));

  it('names runs by start time and what they computed', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    assert.equal(dynamicsRunId(at, record), '20260102-030405-llc-linear');
    assert.equal(dynamicsRunId(at, { kind: 'llc', settings: { mode: 'run', run: '/r', draws: null, every: 1, seed: 0 } }), '20260102-030405-llc-run');
    assert.equal(dynamicsRunId(at, { kind: 'influence', settings: { run: '/r', pairs: ['dog:cat'], draws: null, every: null, seed: 0 } }), '20260102-030405-influence');
  });

  it('saves params.json and metrics.json, reads them back (nulls for unmeasured values intact), and lists only its own runs', async () => {
    const folder = await saveDynamicsRun(runs, record);
    assert.equal(folder, join(runs, record.id));
    assert.deepEqual((await readdir(folder)).sort(), ['metrics.json', 'params.json']);
    assert.deepEqual(JSON.parse(await readFile(join(folder, 'params.json'), 'utf8')), settings);
    assert.deepEqual(await readDynamicsRun(folder), record);
    await mkdir(join(runs, 'not-a-run'));
    assert.deepEqual((await listDynamicsRuns(runs)).map((r) => r.id), [record.id]);
    assert.deepEqual(await listRuns(runs), [], 'the training-run listing skips it');
    assert.equal(describeRecord(record), 'linear: λ̂ 2.600 ± 0.000 (theory 2.50), 1 warnings');
  });

  it('a damaged metrics.json names the file and the field', async () => {
    const folder = await saveDynamicsRun(runs, record);
    const metrics = JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8'));
    metrics.outcome.family.estimate.health.trace.mean = [1];
    await writeFile(join(folder, 'metrics.json'), JSON.stringify(metrics));
    await assert.rejects(readDynamicsRun(folder), (e: Error) => e.message.includes(`${folder}/metrics.json`) && /trace.*one value per bin/.test(e.message));
  });

  it("finds a run's checkpoints in its checkpoints/ folder or beside saescope toy --out's files", async () => {
    await mkdir(join(runs, 'saved', 'checkpoints'), { recursive: true });
    await writeFile(join(runs, 'saved', 'checkpoints', 'step_100.safetensors'), '');
    await mkdir(join(runs, 'cli'));
    await writeFile(join(runs, 'cli', 'step_5.safetensors'), '');
    await mkdir(join(runs, 'empty'));
    assert.equal(await checkpointFolderOf(join(runs, 'saved')), join(runs, 'saved', 'checkpoints'));
    assert.equal(await checkpointFolderOf(join(runs, 'cli')), join(runs, 'cli'));
    assert.equal(await checkpointFolderOf(join(runs, 'empty')), undefined);
  });

  it('offers every unordered pair of the hierarchy toy, the default pairs among them', () => {
    const pairs = itemPairs(hierarchicalData(3).items);
    assert.equal(pairs.length, 28);
    for (const p of ['dog:oak', 'dog:sparrow', 'dog:cat']) assert.ok(pairs.includes(p), p);
  });
});
