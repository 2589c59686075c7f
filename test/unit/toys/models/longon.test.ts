import assert from 'node:assert/strict';
import { Graph } from '../../../../src/engine/graph/graph';
import { Evaluator } from '../../../../src/engine/graph/runner';
import { longonSampler } from '../../../../src/engine/toys/models/superposition/longonData';
import { longonHiddenActivations } from '../../../../src/engine/toys/models/superposition/longonHidden';
import { longonImportance, longonLosses } from '../../../../src/engine/toys/models/superposition/longonModel';
import { longonPreset, trainLongon } from '../../../../src/engine/toys/models/superposition/longonPreset';
import { Rng } from '../../../../src/engine/util/random';
import { describePresetContract } from './presetContract';

/** ReLU(xW) for x [rows, n] and W [n, hidden], in float64. */
function reluProduct(x: Float32Array, w: Float32Array, n: number, hidden: number): Float64Array {
  const rows = x.length / n;
  const h = new Float64Array(rows * hidden);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < hidden; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[r * n + i] * w[i * hidden + k];
      h[r * hidden + k] = Math.max(0, s);
    }
  }
  return h;
}

describe('Longon et al. ReLU-hidden toy model (sae-methods §5.1)', () => {
  it('importance runs (1 + 2i/64)^−2 from 1 down to 0.1135', () => {
    const importance = longonImportance(64);
    assert.equal(importance[0], 1);
    assert.ok(Math.abs(importance[63] - 0.11346) < 1e-5);
    assert.ok(importance.every((v, i) => i === 0 || v < importance[i - 1]));
  });

  it('the data are one stream fixed by the data seed: p = 0.1, U(0, 1) magnitudes', () => {
    const a = longonSampler(64, 0.1, 0).fill(new Float32Array(2000 * 64));
    assert.deepEqual(a, longonSampler(64, 0.1, 0).fill(new Float32Array(2000 * 64)));
    assert.notDeepEqual(a, longonSampler(64, 0.1, 1).fill(new Float32Array(2000 * 64)));
    const nonzero = a.filter((v) => v !== 0);
    assert.ok(Math.abs(nonzero.length / a.length - 0.1) < 0.005);
    assert.ok(nonzero.every((v) => v > 0 && v < 1));
  });

  it('the graph computes h = ReLU(xW), y = ReLU(hWᵀ + b) and the importance-weighted MSE', async () => {
    const [rows, n, hidden] = [4, 6, 3];
    const rng = new Rng(2);
    const [x, w, b] = [rng.fillUniform(new Float32Array(rows * n)), rng.fillNormal(new Float32Array(n * hidden)), rng.fillNormal(new Float32Array(n), 0.1)];
    const importance = longonImportance(n);
    const g = new Graph('longon_forward');
    const losses = longonLosses(g.input('x', 'float32', [rows, n]), g.input('W', 'float32', [n, hidden]), g.input('b', 'float32', [n]), g.constant(importance, [n]));
    g.output('h', losses.hidden);
    g.output('loss', losses.loss);
    const out = await (await Evaluator.create(g, { threads: 1 })).run({ x, W: w, b });
    const h = reluProduct(x, w, n, hidden);
    h.forEach((v, i) => assert.ok(Math.abs(Number(out.h[i]) - v) < 1e-5));
    let weighted = 0;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < n; i++) {
        let s = b[i];
        for (let k = 0; k < hidden; k++) s += h[r * hidden + k] * w[i * hidden + k];
        weighted += importance[i] * (x[r * n + i] - Math.max(0, s)) ** 2;
      }
    }
    assert.ok(Math.abs(Number(out.loss[0]) - weighted / (rows * n)) < 1e-6);
  });

  it('training lowers the held-out loss, and the neurons of the trained model are ReLU(xW) of shape [rows, hidden]', async () => {
    const hidden = 16;
    const run = await trainLongon({ seed: 0, overrides: { hidden, batch: 256, steps: 400, recordEvery: 100 } });
    const losses = run.records.map((r) => r.loss);
    assert.ok(losses.at(-1)! < 0.7 * losses[0], `held-out loss ${losses.join(' → ')}`);
    for (let i = 1; i < losses.length; i++) assert.ok(losses[i] < losses[i - 1], `held-out loss ${losses.join(' → ')}`);
    assert.deepEqual(run.params.W.shape, [64, hidden]);

    const rows = 8192 + 100; // more than one evaluation chunk
    const x = longonSampler(64, 0.1, 5).fill(new Float32Array(rows * 64));
    const h = await longonHiddenActivations(run.params.W, x);
    assert.equal(h.length, rows * hidden);
    const want = reluProduct(x, run.params.W.data, 64, hidden);
    want.forEach((v, i) => assert.ok(Math.abs(h[i] - v) < 1e-5, `h[${i}] ${h[i]} vs ${v}`));
    assert.ok(h.some((v) => v > 0) && h.some((v) => v === 0));
  });
});

describePresetContract(longonPreset, { steps: 100, checkpointEvery: 25, overrides: { hidden: 8, batch: 64, recordEvery: 25, testSamples: 512 } });
