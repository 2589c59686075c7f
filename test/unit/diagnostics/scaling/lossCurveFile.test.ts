import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLossCurve } from '../../../../src/engine/diagnostics/scaling/lossCurveFile';
import { writeNpy } from '../../../../src/engine/io';
import { saveModelCheckpoint } from '../../../../src/engine/toys/models/checkpoint';
import { saescope } from '../../support/cli';

const steps = Array.from({ length: 60 }, (_, i) => Math.round(10 * 10 ** (i / 20)));
const losses = steps.map((t) => 5 * t ** -0.4 + 0.02);

describe('scaling: loss curve files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saescope-fit-time-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads .npy ([n], [n, 2], [n, 3]), CSV with and without a header, JSON records and pairs', async () => {
    const f = (name: string) => join(dir, name);
    await writeNpy(f('pairs.npy'), { dtype: 'F64', shape: [steps.length, 2], data: Float64Array.from(steps.flatMap((t, i) => [t, losses[i]])) });
    await writeNpy(f('with-lr.npy'), { dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, 0.5, 0.1, 2, 0.25, 0.1) });
    await writeNpy(f('plain.npy'), { dtype: 'F32', shape: [3], data: Float32Array.of(3, 2, 1) });
    await writeFile(f('named.csv'), `# a comment\nstep,lr,loss\n${steps.map((t, i) => `${t},0.1,${losses[i]}`).join('\n')}\n`);
    await writeFile(f('bare.tsv'), steps.map((t, i) => `${t}\t${losses[i]}`).join('\n'));
    await writeFile(f('records.json'), JSON.stringify({ records: [{ step: 0, loss: 9 }, ...steps.map((t, i) => ({ step: t, loss: losses[i], batchLoss: 2 * losses[i] }))] }));
    await writeFile(f('pairs.json'), JSON.stringify(steps.map((t, i) => [t, losses[i]])));
    for (const name of ['pairs.npy', 'named.csv', 'bare.tsv', 'pairs.json']) {
      const c = await readLossCurve(f(name));
      assert.deepEqual(c.t, steps, name);
      c.loss.forEach((l, i) => assert.ok(Math.abs(l - losses[i]) < 1e-12, `${name} point ${i}`));
    }
    assert.deepEqual((await readLossCurve(f('named.csv'))).lr, steps.map(() => 0.1));
    const withLr = await readLossCurve(f('with-lr.npy'));
    assert.deepEqual([withLr.t, withLr.loss, withLr.lr!.map((v) => +v.toFixed(6))], [[1, 2], [0.5, 0.25], [0.1, 0.1]]);
    assert.deepEqual((await readLossCurve(f('plain.npy'))).t, [1, 2, 3]);
    const records = await readLossCurve(f('records.json'));
    assert.deepEqual(records.t, [0, ...steps]);
    assert.equal((await readLossCurve(f('records.json'), { metric: 'batchLoss' })).loss[0], 2 * losses[0], 'records without the metric (step 0) are left out');
  });

  it('reads a run folder (metrics.json history) and a toy checkpoint folder (the newest checkpoint\'s records)', async () => {
    const run = join(dir, 'run');
    await mkdir(run);
    await writeFile(join(run, 'metrics.json'), JSON.stringify({ id: 'r', history: steps.map((t, i) => ({ step: t, totalSteps: 1000, loss: losses[i], l0: 1, explainedVariance: 0.9, deadFraction: 0 })) }));
    assert.deepEqual((await readLossCurve(run)).t, steps);
    const toy = join(dir, 'toy');
    const params = { w: { shape: [1], data: Float32Array.of(1) } };
    const records = steps.map((t, i) => ({ step: t, loss: losses[i] }));
    await saveModelCheckpoint(toy, { preset: 'p', step: 20, config: {}, params, records: records.slice(0, 5) });
    await saveModelCheckpoint(toy, { preset: 'p', step: 100, config: {}, params, records });
    const curve = await readLossCurve(toy);
    assert.equal(curve.source, join(toy, 'step_100.safetensors'));
    assert.deepEqual(curve.t, steps);
  });

  it('bad curves are errors naming the file and the point', async () => {
    const cases: [string, string, RegExp][] = [
      ['nan.csv', 't,loss\n1,0.5\n2,nan\n', /nan\.csv: point 2 \(t = 2\): loss NaN is not a finite number/],
      ['zero.csv', '1 0.5\n2 0\n', /zero\.csv: point 2 \(t = 2\): loss 0 is not positive/],
      ['order.csv', '1 0.5\n3 0.4\n2 0.3\n', /order\.csv: point 3: time 2 does not follow 3/],
      ['header.csv', 'epoch,loss\n1,0.5\n', /header\.csv: the header \(epoch, loss\) needs a time column/],
      ['ragged.csv', '1,0.5\n2\n', /ragged\.csv: row 2 has 1 columns, the first has 2/],
      ['bad.json', '{"records": [', /bad\.json: not JSON/],
      ['metric.json', '[{"step": 1, "acc": 0.5}]', /metric\.json: no record has 'loss'; fields: step, acc/],
    ];
    for (const [name, text, message] of cases) {
      await writeFile(join(dir, name), text);
      await assert.rejects(readLossCurve(join(dir, name)), message, name);
    }
    await writeNpy(join(dir, 'cube.npy'), { dtype: 'F32', shape: [2, 2, 2], data: new Float32Array(8) });
    await assert.rejects(readLossCurve(join(dir, 'cube.npy')), /cube\.npy: a loss curve is \[n\], \[n, 2\] \(t, loss\) or \[n, 3\]/);
    await assert.rejects(readLossCurve(join(dir, 'missing.csv')), /missing\.csv: no such file or folder/);
    await assert.rejects(readLossCurve(dir), /holds neither metrics\.json/);
  });

  it('saescope fit-time <file> --json: both fits, the window and local slopes; usage errors', async () => {
    const file = join(dir, 'cli.csv');
    await writeFile(file, `step,loss\n${steps.map((t, i) => `${t},${losses[i]}`).join('\n')}\n`);
    const { code, stdout, stderr } = await saescope('fit-time', file, '--json', '--floor-from', '10');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.points, steps.length);
    assert.ok(Math.abs(report.powerLawWithFloor.alpha - 0.4) < 0.01 && Math.abs(report.powerLawWithFloor.l0 - 0.02) < 0.002, JSON.stringify(report.powerLawWithFloor));
    assert.ok(report.powerLaw.from >= 890 / 10 && report.powerLaw.alpha < 0.4, 'the pure law over the last decade sees the floor flatten the curve');
    assert.ok(report.localSlopes.length > 10);
    const bad = await saescope('fit-time', file, '--schedule', 'constant');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--schedule needs --time dynamic/);
  });
});
