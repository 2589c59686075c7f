import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAlignSettings } from '../../../src/extension/align/alignDefaults';
import { alignRunId, listAlignRuns, readAlignRun, saveAlignRun } from '../../../src/extension/runs/alignRunFolder';
import { commitRun, stageRun } from '../../../src/extension/runs/runFolder';
import type { AlignDirection, AlignRunRecord, AlignScoreView } from '../../../src/shared/protocol';

const score = (mean: number): AlignScoreView => ({ mean, sem: 0.01, folds: [mean, mean, mean], sourceUnits: 4, targetUnits: 4, alphas: null, perUnit: { unit: [0, 1, 2, 3], score: [mean, mean, mean, mean] } });
const direction = (d: 'A→B' | 'B→A'): AlignDirection => ({
  direction: d,
  table: (['N→N', 'SAE→N', 'SAE→SAE', 'RandSAE→SAE'] as const).map((comparison, i) => ({ comparison, source: 'x', target: 'y', semi: score(0.3 + 0.1 * i), soft: score(0.3), ridge: score(0.6) })),
  change: { semi: { difference: 0.2, relative: 0.667 }, soft: { difference: 0, relative: 0 }, ridge: { difference: 0, relative: null } },
});
const side = { label: 'a.npy', kind: 'activations' as const, units: 4, sae: { origin: 'trained' as const, width: 16, k: 3, steps: 9, heldOut: { msePerElement: 0.01, explainedVariance: 0.9, l0: 3, deadLatents: 1 } }, recovery: null };

function record(id: string, startedAt: string): AlignRunRecord {
  return {
    kind: 'align', id, settings: defaultAlignSettings('/w/a.npy', '/w/b.npy', null), startedAt, seconds: 3.5,
    outcome: {
      rows: { saeTraining: 2304, heldOutStart: 2400, evaluated: 500, available: 3000 }, a: side, b: { ...side, label: 'b.npy' },
      directions: [direction('A→B'), direction('B→A')],
      protocol: { folds: 3, cvSeed: 42, alphas: [1e-8, 1], formulas: { semi: 's', soft: 'o', ridge: 'r' } },
    },
  };
}

describe('extension/runs/alignRunFolder', () => {
  let runs: string;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'saescope-align-runs-'));
  });
  afterEach(() => rm(runs, { recursive: true, force: true }));

  it('saves params.json and metrics.json under `<start>-align`, reads them back, lists only alignment runs, newest first', async () => {
    assert.equal(alignRunId(new Date('2026-01-02T03:04:05.678Z')), '20260102-030405-align');
    const older = record('20260102-030405-align', '2026-01-02T03:04:05.000Z');
    const newer = record('20260103-000000-align', '2026-01-03T00:00:00.000Z');
    const folder = await saveAlignRun(runs, older);
    await saveAlignRun(runs, newer);
    assert.equal(folder, join(runs, older.id));
    assert.deepEqual((await readdir(folder)).sort(), ['metrics.json', 'params.json']);
    assert.deepEqual(JSON.parse(await readFile(join(folder, 'params.json'), 'utf8')), older.settings);
    assert.deepEqual(await readAlignRun(folder), older);
    const other = await stageRun(runs, '20260104-000000-topk-64', { arch: 'topk' });
    await commitRun(other, { id: other.id, metrics: [] });
    assert.deepEqual((await listAlignRuns(runs)).map((r) => r.id), [newer.id, older.id]);
    assert.deepEqual((await readdir(runs)).filter((n) => n.startsWith('.')), [], 'no staging folder is left');
  });

  it('a damaged metrics.json is an error naming the file and the field', async () => {
    const folder = await saveAlignRun(runs, record('20260102-030405-align', '2026-01-02T03:04:05.000Z'));
    const metrics = JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8'));
    metrics.outcome.directions[0].table.pop();
    await writeFile(join(folder, 'metrics.json'), JSON.stringify(metrics));
    await assert.rejects(readAlignRun(folder), new RegExp(`${folder}/metrics.json.outcome.directions\\[0\\]: field "table" must hold the comparisons`));
    await writeFile(join(folder, 'metrics.json'), '{');
    await assert.rejects(readAlignRun(folder), /metrics.json: not valid JSON/);
  });
});
