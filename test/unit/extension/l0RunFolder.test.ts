import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cancelledOutcome, recommendedRow } from '../../../src/extension/l0/l0Outcome';
import { defaultL0Settings } from '../../../src/extension/l0/l0Settings';
import { l0RunId, listL0Runs, readL0Run, saveL0Run } from '../../../src/extension/runs/l0RunFolder';
import { parseToL0View, type L0RunRecord, type L0SweepRow } from '../../../src/shared/protocol';

const row = (index: number, l0: number, cDec: number, truth: boolean): L0SweepRow => ({
  index, k: l0, coefficient: null, l0, cDec, projections: [{ n: 12, value: 0.1 * l0 }], mse: 1 / l0, explainedVariance: 0.9, explainedVarianceUncentred: 0.92,
  deadLatents: 0, mmcs: truth ? 0.9 : null, groundTruthMse: truth ? 2 / l0 : null, groundTruthExplainedVarianceUncentred: truth ? 0.8 : null,
  heatmap: truth ? { latents: 2, features: 2, order: [1, 0], cosines: [1, 0, 0, 1] } : null,
});

const settings = defaultL0Settings('toy:large', 100);
const start = { dIn: 100, width: 50, trueL0: 10.95, settings: [5, 9, 11, 16] };

function record(id: string, startedAt: string, rows: L0SweepRow[]): L0RunRecord {
  return { kind: 'l0Sweep', id, settings, startedAt, seconds: 2, outcome: { ...cancelledOutcome(settings, start, rows, 2), cancelled: false } };
}

describe('extension/l0: run folder, default settings, outcome of a cancelled sweep', () => {
  let runs: string;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'saescope-l0-runs-'));
  });
  afterEach(() => rm(runs, { recursive: true, force: true }));

  it('defaults to the spec’s sweep with the steps asked for', () => {
    assert.deepEqual(settings, { data: 'toy:large', arch: 'batchtopk', width: null, l0s: null, coefficients: null, steps: 100, batch: 1024, lr: 1e-3, seed: 0, evalRows: 20480 });
    assert.equal(l0RunId(new Date('2026-01-02T03:04:05.678Z'), settings), '20260102-030405-l0-batchtopk');
  });

  it('saves params.json and metrics.json whole, reads them back, and lists only L0 sweeps, newest first', async () => {
    const older = record('20260101-000000-l0-batchtopk', '2026-01-01T00:00:00.000Z', [row(0, 5, 0.2, true), row(1, 11, 0.05, true)]);
    const newer = record('20260102-000000-l0-batchtopk', '2026-01-02T00:00:00.000Z', [row(0, 9, 0.1, false)]);
    const folder = await saveL0Run(runs, older);
    await saveL0Run(runs, newer);
    assert.deepEqual((await readdir(folder)).sort(), ['metrics.json', 'params.json']);
    assert.deepEqual(JSON.parse(await readFile(join(folder, 'params.json'), 'utf8')), settings);
    assert.deepEqual(await readL0Run(folder), older);
    // A training run and a folder that is no run at all sit beside them.
    await mkdir(join(runs, '20260103-000000-topk-32'));
    await writeFile(join(runs, '20260103-000000-topk-32', 'metrics.json'), '{"id": "x", "history": []}');
    await mkdir(join(runs, 'notes'));
    assert.deepEqual((await listL0Runs(runs)).map((r) => r.id), [newer.id, older.id]);
    assert.deepEqual((await readdir(runs)).filter((n) => n.startsWith('.')), [], 'no staging folder or temp file left');
    // What the panel is sent when the run is reopened passes the view protocol.
    assert.deepEqual(parseToL0View(structuredClone({ kind: 'record', record: older, folder })), { kind: 'record', record: older, folder });
  });

  it('names the file and the problem when metrics.json is damaged', async () => {
    const folder = await saveL0Run(runs, record('r', '2026-01-01T00:00:00.000Z', [row(0, 5, 0.2, true)]));
    await writeFile(join(folder, 'metrics.json'), '{"kind": "l0Sweep", "id": 3}');
    await assert.rejects(readL0Run(folder), (e: Error) => e.message.includes(join(folder, 'metrics.json')) && e.message.includes('"id"'));
    await writeFile(join(folder, 'metrics.json'), '{');
    await assert.rejects(readL0Run(folder), /metrics\.json: not valid JSON/);
  });

  it('recommends the c_dec minimum where the truth is known and the elbow where it is not', () => {
    const truth = [row(0, 5, 0.3, true), row(1, 9, 0.12, true), row(2, 11, 0.05, true), row(3, 16, 0.06, true)];
    assert.deepEqual(recommendedRow(truth), { index: 2, l0: 11, rule: 'minimum', description: recommendedRow(truth)!.description });
    // Without truth: c_dec falls steeply to L0 9, then flat; the minimum is at 16 but the elbow is at 9.
    const real = [row(0, 2, 0.9, false), row(1, 4, 0.5, false), row(2, 9, 0.06, false), row(3, 12, 0.055, false), row(4, 16, 0.05, false)];
    const elbow = recommendedRow(real)!;
    assert.equal(elbow.rule, 'elbow');
    assert.equal(elbow.l0, 9);
    assert.equal(recommendedRow([]), null);
  });

  it('keeps the finished rows of a cancelled sweep with the recommendation over them', () => {
    const outcome = cancelledOutcome({ ...settings, evalRows: 1000 }, start, [row(0, 5, 0.3, true), row(1, 9, 0.1, true)], 4.5);
    assert.equal(outcome.cancelled, true);
    assert.equal(outcome.rows.length, 2);
    assert.equal(outcome.recommended?.index, 1);
    assert.equal(outcome.evalRows, 1024, 'held-out rows round up to whole batches, as the engine does');
    assert.deepEqual([outcome.dIn, outcome.width, outcome.trueL0, outcome.seconds.total], [100, 50, 10.95, 4.5]);
  });
});
