import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOutcome, hasResults } from '../../../src/extension/hedging/hedgingSummary';
import { hedgingRunId, listHedgingRuns, readHedgingRun, saveHedgingRun } from '../../../src/extension/runs/hedgingRunFolder';
import { commitRun, listRuns, stageRun } from '../../../src/extension/runs/runFolder';
import { withPart, type BalanceSweepView, type HedgingRunRecord, type HedgingSettings, type SingleLatentToy } from '../../../src/shared/protocol';

const settings: HedgingSettings = { mode: 'toys', toys: null, steps: 3000, seed: 0 };
const toy = (name: string, theta: number): SingleLatentToy => ({
  toy: name, steps: 3000, batch: 500, lr: 3e-4, l1: 1e-3, initNoise: 0.25, seed: 0, cancelled: false,
  firing: { parentOnly: 0.2, both: 0.05, childOnly: 0, neither: 0.75 },
  analytic: { theta, cosParent: Math.cos(theta), cosChild: Math.sin(theta) },
  trained: { decoder: { parent: 0.97, child: 0.24 }, encoder: { parent: 0.98, child: 0.2 }, bDec: { parent: 0, child: 0.01, norm: 0.01 } },
});
const sweep = (labels: string[]): BalanceSweepView => ({
  toy: 'toy:tree', steps: 300, batch: 500, lr: 3e-4, l1: 0.03, seed: 0, order: [0, 1, 2, 3], widths: [1, 4], balance: { gamma: 0, mixing: 0.3 },
  runs: labels.map((label) => ({ label, gamma: 0, weights: [0, 1], mixing: 0.3, cancelled: false, parents: [] })),
});

describe('extension/runs/hedgingRunFolder', () => {
  let runs: string;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'saescope-hedging-runs-'));
  });
  afterEach(() => rm(runs, { recursive: true, force: true }));

  it('names runs by start time and mode', () => {
    assert.equal(hedgingRunId(new Date('2026-01-02T03:04:05.678Z'), settings), '20260102-030405-hedging-toys');
  });

  it('saves params.json and metrics.json under the run id, reads them back, and lists only hedging runs', async () => {
    const record: HedgingRunRecord = { kind: 'hedging', id: '20260102-030405-hedging-toys', settings, startedAt: '2026-01-02T03:04:05.000Z', seconds: 4.5, outcome: { mode: 'toys', cancelled: false, toys: [toy('toy:hedging-hierarchical', 0.232)] } };
    const folder = await saveHedgingRun(runs, record);
    assert.equal(folder, join(runs, record.id));
    assert.deepEqual((await readdir(folder)).sort(), ['metrics.json', 'params.json']);
    assert.deepEqual(JSON.parse(await readFile(join(folder, 'params.json'), 'utf8')), settings);
    assert.deepEqual(await readHedgingRun(folder), record);
    // A training run beside it: each listing keeps to its own kind.
    const trainSettings = { data: 'toy:small', arch: 'topk', width: 32, k: 2, l1: null, steps: 10, batch: 64, lr: 3e-4, seed: 0, evalRows: 256, checkpointEvery: null } as const;
    const train = await stageRun(runs, '20260101-000000-topk-32', trainSettings);
    await commitRun(train, { id: '20260101-000000-topk-32', settings: trainSettings, startedAt: '2026-01-01T00:00:00.000Z', seconds: 1, history: [], metrics: [], checkpoints: [] });
    assert.deepEqual((await listHedgingRuns(runs)).map((r) => r.id), [record.id]);
    assert.deepEqual((await listRuns(runs)).map((r) => r.id), ['20260101-000000-topk-32']);
    assert.deepEqual((await readdir(runs)).sort(), ['20260101-000000-topk-32', record.id], 'no staging folder or temp file left');
  });

  it('a damaged metrics.json is an error naming the file, and the run is not listed', async () => {
    const folder = join(runs, 'broken');
    await mkdir(folder);
    await writeFile(join(folder, 'metrics.json'), '{"kind": "hedging", "id": ');
    await writeFile(join(folder, 'params.json'), JSON.stringify(settings));
    await assert.rejects(readHedgingRun(folder), (e: Error) => e.message.includes(join(folder, 'metrics.json')) && /not valid JSON/.test(e.message));
    assert.deepEqual(await listHedgingRuns(runs), []);
  });
});

describe('extension/hedging: the outcome kept on Cancel, and its summary', () => {
  it('toys accumulate (a repeated toy replaces its earlier result); the γ sweep is replaced by the newer one', () => {
    let outcome = withPart(null, { kind: 'toy', toy: toy('toy:hedging-independent', 0.1) });
    outcome = withPart(outcome, { kind: 'toy', toy: toy('toy:hedging-hierarchical', 0.2) });
    outcome = withPart(outcome, { kind: 'toy', toy: toy('toy:hedging-independent', 0.3) });
    assert.ok(outcome.mode === 'toys');
    assert.deepEqual(outcome.toys.map((t) => [t.toy, t.analytic.theta]), [['toy:hedging-hierarchical', 0.2], ['toy:hedging-independent', 0.3]]);
    assert.equal(describeOutcome({ ...outcome, cancelled: true }), '2 single-latent toys (cancelled: what finished)');

    const gamma = withPart(withPart(null, { kind: 'gamma', sweep: sweep(['γ = 0']) }), { kind: 'gamma', sweep: sweep(['γ = 0', 'γ = 0.1']) });
    assert.ok(gamma.mode === 'gamma');
    assert.deepEqual(gamma.sweep.runs.map((r) => r.label), ['γ = 0', 'γ = 0.1']);
    assert.equal(describeOutcome(gamma), 'balance γ = 0 (mixing 0.300), 2 runs');
  });

  it('there is something to save only when a part finished', () => {
    assert.equal(hasResults(null), false);
    assert.equal(hasResults({ mode: 'sae', cancelled: true, degree: null }), false);
    assert.equal(hasResults({ mode: 'toys', cancelled: true, toys: [] }), false);
    assert.equal(hasResults({ mode: 'gamma', cancelled: true, sweep: sweep([]) }), false);
    assert.equal(hasResults({ mode: 'toys', cancelled: true, toys: [toy('toy:hedging-correlated', 0.2)] }), true);
  });
});
