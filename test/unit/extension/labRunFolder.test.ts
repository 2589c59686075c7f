import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOutcome, fitTimeSettings, parseWidths, widthSettings } from '../../../src/extension/lab/labSummary';
import { labRunId, listLabRuns, readLabRun, saveLabRun } from '../../../src/extension/runs/labRunFolder';
import { listRuns } from '../../../src/extension/runs/runFolder';
import { saveHedgingRun } from '../../../src/extension/runs/hedgingRunFolder';
import { labHasResults, type LabRunRecord, type WidthScalingView } from '../../../src/shared/protocol';

const scaling: WidthScalingView = {
  regime: 'strong', weightDecay: -1, alpha: 1, features: 128, steps: 300, batch: 256, seed: 0, theory: 'α_m ≈ 1',
  widths: [
    { m: 4, loss: 0.02, fractionRepresented: 1, meanSquaredOverlap: 0.25, overlapTimesM: 1, meanRowNorm: 1, unrepresentedLoss: 0 },
    { m: 8, loss: 0.01, fractionRepresented: 1, meanSquaredOverlap: 0.125, overlapTimesM: 1, meanRowNorm: 1, unrepresentedLoss: 0 },
  ],
  exponent: { alpha: 1, alphaStdError: null, prefactor: 0.08, rSquared: 1, points: 2, from: 4, to: 8 },
};
const settings = widthSettings('strong', 1, [4, 8], 300);
const record: LabRunRecord = { kind: 'lab', id: labRunId(new Date('2026-01-02T03:04:05.678Z'), settings), settings, startedAt: '2026-01-02T03:04:05.678Z', seconds: 2, outcome: { mode: 'width', cancelled: false, scaling } };

describe('extension/runs/labRunFolder', () => {
  let runs: string;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'saescope-lab-runs-'));
  });
  afterEach(() => rm(runs, { recursive: true, force: true }));

  it('saves params.json and metrics.json under the run id, reads them back, and lists only lab runs', async () => {
    assert.equal(record.id, '20260102-030405-lab-width');
    assert.equal(labRunId(new Date('2026-01-02T03:04:05Z'), fitTimeSettings('toy:peaked-softmax', null)), '20260102-030405-lab-fit-time');
    const folder = await saveLabRun(runs, record);
    assert.equal(folder, join(runs, record.id));
    assert.deepEqual((await readdir(folder)).sort(), ['metrics.json', 'params.json']);
    assert.deepEqual(JSON.parse(await readFile(join(folder, 'params.json'), 'utf8')), settings);
    assert.deepEqual(await readLabRun(folder), record);
    await saveHedgingRun(runs, { kind: 'hedging', id: '20260101-000000-hedging-toys', settings: { mode: 'toys', toys: null, steps: 1, seed: 0 }, startedAt: '2026-01-01T00:00:00Z', seconds: 1, outcome: { mode: 'toys', cancelled: false, toys: [] } });
    assert.deepEqual((await listLabRuns(runs)).map((r) => r.id), [record.id]);
    // Training-run listings skip lab runs.
    assert.deepEqual(await listRuns(runs), []);
    assert.deepEqual((await readdir(runs)).filter((n) => n.startsWith('.')), [], 'no staging folder left');
  });

  it('a metrics.json that is not a lab run is an error naming the file', async () => {
    const folder = await saveLabRun(runs, { ...record, outcome: { mode: 'width', cancelled: false, scaling } });
    await rm(join(folder, 'params.json'));
    await assert.rejects(readLabRun(folder), /params\.json/);
  });

  it('summaries, what counts as a result, and the widths typed in', () => {
    assert.equal(describeOutcome(record.outcome), 'strong: α_m = 1.000 over m = 4, 8');
    assert.equal(labHasResults({ mode: 'width', cancelled: true, scaling: { ...scaling, widths: [] } }), false);
    assert.equal(labHasResults({ mode: 'fitTime', cancelled: true, fit: null }), false);
    assert.deepEqual(parseWidths('4, 6,8 12'), [4, 6, 8, 12]);
    assert.equal(parseWidths('4'), undefined);
    assert.equal(parseWidths('4, 2.5'), undefined);
  });
});
