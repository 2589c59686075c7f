import assert from 'node:assert/strict';
import { Graph, Tensor } from '../../../src/engine/graph/graph';
import * as op from '../../../src/engine/graph/ops';
import { grad } from '../../../src/engine/graph/autodiff';
import { adam, sgd, sgld, UpdateResult } from '../../../src/engine/graph/optim';
import { StepRunner } from '../../../src/engine/graph/runner';

/** A graph whose loss is Σ w ⊙ c, so the gradient is exactly the fed `c`: steps can be checked by hand. */
async function linearLossRunner(n: number, update: (p: Tensor[], g: Tensor[], lr: Tensor) => UpdateResult | void, seed = 0) {
  const g = new Graph('linear');
  const w = g.param('w', [n], 'float64');
  const c = g.input('c', 'float64', [n]);
  const lr = g.input('lr', 'float64', []);
  const [gw] = grad(op.reduceSum(op.mul(w, c)), [w]);
  update([w], [gw], lr);
  return StepRunner.create(g, { threads: 1, seed });
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) =>
  Array.from(a).forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `entry ${i}: ${x} vs ${b[i]}`));

const grads = [[0.5, -1, 2], [0.1, 0.3, -0.2], [-1, 0, 4]];

describe('optimisers match their formulas', () => {
  it('Adam with bias correction (PyTorch semantics)', async () => {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = 0.01;
    const r = await linearLossRunner(3, (p, gr, l) => adam(p, gr, { lr: l, beta1: b1, beta2: b2, eps }));
    const w = [1, 2, 3], m = [0, 0, 0], v = [0, 0, 0];
    r.setState('w', w);
    for (let t = 1; t <= 3; t++) {
      const g = grads[t - 1];
      await r.step({ c: Float64Array.from(g), lr });
      for (let i = 0; i < 3; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        const mhat = m[i] / (1 - b1 ** t), vhat = v[i] / (1 - b2 ** t);
        w[i] -= (lr * mhat) / (Math.sqrt(vhat) + eps);
      }
      close(r.state('w') as Float64Array, w);
      close(r.state('w.adam_m') as Float64Array, m);
      close(r.state('w.adam_v') as Float64Array, v);
    }
    assert.equal((r.state('adam.step') as Float64Array)[0], 3);
  });

  it('AdamW decays weights directly; Adam adds weight decay to the gradient', async () => {
    const lr = 0.1, wd = 0.5;
    const w0 = [1, -2, 3], g = grads[0];
    const rw = await linearLossRunner(3, (p, gr, l) => adam(p, gr, { lr: l, weightDecay: wd, decoupled: true }));
    rw.setState('w', w0);
    await rw.step({ c: Float64Array.from(g), lr });
    // First step: m̂ = g, v̂ = g², so the Adam part is lr·sign(g) (up to eps).
    close(rw.state('w') as Float64Array, w0.map((x, i) => x * (1 - lr * wd) - (lr * g[i]) / (Math.abs(g[i]) + 1e-8)), 1e-9);
    const rl = await linearLossRunner(3, (p, gr, l) => adam(p, gr, { lr: l, weightDecay: wd }));
    rl.setState('w', w0);
    await rl.step({ c: Float64Array.from(g), lr });
    close(rl.state('w') as Float64Array, w0.map((x, i) => {
      const gi = g[i] + wd * x;
      return x - (lr * gi) / (Math.abs(gi) + 1e-8);
    }), 1e-9);
  });

  it('SGD with momentum and Nesterov', async () => {
    for (const nesterov of [false, true]) {
      const lr = 0.1, mu = 0.9;
      const r = await linearLossRunner(3, (p, gr, l) => sgd(p, gr, { lr: l, momentum: mu, nesterov }));
      const w = [1, 2, 3], b = [0, 0, 0];
      r.setState('w', w);
      for (const g of grads) {
        await r.step({ c: Float64Array.from(g), lr });
        for (let i = 0; i < 3; i++) {
          b[i] = mu * b[i] + g[i];
          w[i] -= lr * (nesterov ? g[i] + mu * b[i] : b[i]);
        }
        close(r.state('w') as Float64Array, w);
      }
    }
  });

  it('gradient-norm clipping scales the whole gradient to the limit', async () => {
    const lr = 1;
    const r = await linearLossRunner(3, (p, gr, l) => sgd(p, gr, { lr: l, clipNorm: 1 }));
    r.setState('w', [0, 0, 0]);
    await r.step({ c: Float64Array.of(3, 4, 0), lr });
    close(r.state('w') as Float64Array, [-0.6, -0.8, 0], 1e-6);
    await r.step({ c: Float64Array.of(0.3, 0.4, 0), lr });
    close(r.state('w') as Float64Array, [-0.9, -1.2, 0], 1e-6);
  });

  it('unit-norm rows: the radial gradient is removed and rows are renormalised', async () => {
    const g = new Graph('unit');
    const w = g.param('w', [2, 2], 'float64');
    const c = g.input('c', 'float64', [2, 2]);
    const lr = g.input('lr', 'float64', []);
    const [gw] = grad(op.reduceSum(op.mul(w, c)), [w]);
    sgd([w], [gw], { lr, unitNormRows: [w] });
    const r = await StepRunner.create(g, { threads: 1 });
    r.setState('w', [1, 0, 0, 1]);
    // Row 0's gradient (2, 3): radial part 2 removed, tangent (0, 3); row 1's (5, 0): tangent (5, 0).
    await r.step({ c: Float64Array.of(2, 3, 5, 0), lr: 0.1 });
    const s = Math.sqrt(1 + 0.09), t = Math.sqrt(0.25 + 1);
    close(r.state('w') as Float64Array, [1 / s, -0.3 / s, -0.5 / t, 1 / t], 1e-12);
  });

  it('SGLD step: w − (ε/2)[nβ g + γ(w − w*)] + √ε σ ξ, with ξ from the runner seed', async () => {
    const eps = 0.01, nbeta = 50, gamma = 100, sigma = 0.5;
    const make = (seed: number) => linearLossRunner(3, (p, gr, l) => sgld(p, gr, { lr: l, nbeta, localization: gamma, noiseLevel: sigma }), seed);
    const run = async (seed: number) => {
      const r = await make(seed);
      r.setState('w', [1, 2, 3]);
      const anchor = Float64Array.of(0.5, 2, 2);
      await r.step({ c: Float64Array.from(grads[0]), lr: eps, 'w.anchor': anchor });
      return Float64Array.from(r.state('w') as Float64Array);
    };
    const a = await run(7), b = await run(7), c = await run(8);
    close(a, b, 0);
    assert.notDeepEqual(Array.from(a), Array.from(c));
    // Remove the deterministic drift; what is left is √ε σ ξ with ξ ~ N(0,1) drawn from seed 7.
    const { Rng } = await import('../../../src/engine/util/random');
    const xi = new Rng(7).fillNormal(new Float64Array(3));
    const w = [1, 2, 3], anchor = [0.5, 2, 2];
    close(a, w.map((x, i) => x - (eps / 2) * (nbeta * grads[0][i] + gamma * (x - anchor[i])) + Math.sqrt(eps) * sigma * xi[i]), 1e-12);
  });

  it('SGLD bounding box clamps to w* ± box, RMSProp preconditioning matches its formula', async () => {
    const r = await linearLossRunner(2, (p, gr, l) => sgld(p, gr, { lr: l, nbeta: 1000, boundingBox: 0.1, noiseLevel: 0 }));
    r.setState('w', [0, 0]);
    await r.step({ c: Float64Array.of(1, -1), lr: 1, 'w.anchor': Float64Array.of(0, 0) });
    close(r.state('w') as Float64Array, [-0.1, 0.1]);
    const alpha = 0.99, e = 0.1, eps = 0.01, nbeta = 10;
    const q = await linearLossRunner(2, (p, gr, l) => sgld(p, gr, { lr: l, nbeta, noiseLevel: 0, rmsprop: { alpha, eps: e } }));
    q.setState('w', [1, 1]);
    await q.step({ c: Float64Array.of(2, -3), lr: eps, 'w.anchor': Float64Array.of(1, 1) });
    close(q.state('w') as Float64Array, [2, -3].map((g) => {
      const V = (1 - alpha) * g * g;
      return 1 - (eps / 2) * (nbeta * g) / (Math.sqrt(V) + e);
    }));
  });
});
