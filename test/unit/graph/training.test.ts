import assert from 'node:assert/strict';
import { Graph } from '../../../src/engine/graph/graph';
import * as op from '../../../src/engine/graph/ops';
import { grad } from '../../../src/engine/graph/autodiff';
import { adam } from '../../../src/engine/graph/optim';
import { StepRunner } from '../../../src/engine/graph/runner';
import { Rng } from '../../../src/engine/util/random';

describe('models train to near-zero loss through the runtime', () => {
  it('a two-layer tanh MLP fits a smooth regression target', async () => {
    const n = 64, dIn = 2, hidden = 32;
    const g = new Graph('mlp');
    const x = g.input('x', 'float32', [n, dIn]);
    const y = g.input('y', 'float32', [n, 1]);
    const lr = g.input('lr', 'float32', []);
    const w1 = g.param('w1', [dIn, hidden]), b1 = g.param('b1', [hidden]);
    const w2 = g.param('w2', [hidden, 1]), b2 = g.param('b2', [1]);
    const pred = op.add(op.matmul(op.tanh(op.add(op.matmul(x, w1), b1)), w2), b2);
    const err = op.sub(pred, y);
    const loss = op.reduceMean(op.mul(err, err));
    const params = [w1, b1, w2, b2];
    adam(params, grad(loss, params), { lr });
    g.output('loss', loss);
    const runner = await StepRunner.create(g, { threads: 1 });
    const rng = new Rng(3);
    runner.setState('w1', rng.fillNormal(new Float32Array(dIn * hidden), 1));
    runner.setState('w2', rng.fillNormal(new Float32Array(hidden), 1 / Math.sqrt(hidden)));
    const xs = rng.fillUniform(new Float32Array(n * dIn), -1, 1);
    const ys = Float32Array.from({ length: n }, (_, i) => Math.sin(2 * xs[2 * i]) * xs[2 * i + 1]);
    const variance = ys.reduce((s, v) => s + v * v, 0) / n;
    let last = Infinity;
    for (let step = 0; step < 1500; step++) last = Number((await runner.step({ x: xs, y: ys, lr: 0.01 })).loss[0]);
    assert.ok(last < 1e-3 * variance, `final MSE ${last} vs target variance ${variance}`);
  });

  it('softmax regression separates linearly separable classes (cross-entropy → 0)', async () => {
    const n = 90, d = 3, classes = 3;
    const g = new Graph('softmax_regression');
    const x = g.input('x', 'float32', [n, d]);
    const labels = g.input('labels', 'int64', [n]);
    const lr = g.input('lr', 'float32', []);
    const w = g.param('w', [d, classes]), b = g.param('b', [classes]);
    const loss = op.crossEntropy(op.add(op.matmul(x, w), b), labels);
    adam([w, b], grad(loss, [w, b]), { lr });
    g.output('loss', loss);
    const runner = await StepRunner.create(g, { threads: 1 });
    const rng = new Rng(5);
    const xs = new Float32Array(n * d);
    const ys = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      ys[i] = BigInt(c);
      for (let j = 0; j < d; j++) xs[i * d + j] = (j === c ? 3 : 0) + 0.3 * rng.normal();
    }
    let last = Infinity;
    for (let step = 0; step < 600; step++) last = Number((await runner.step({ x: xs, labels: ys, lr: 0.1 })).loss[0]);
    assert.ok(last < 1e-3, `final cross-entropy ${last}`);
  });
});
