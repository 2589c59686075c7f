import assert from 'node:assert/strict';
import { grad } from '../../../../src/engine/graph/autodiff';
import { Graph, Tensor } from '../../../../src/engine/graph/graph';
import { add, mul } from '../../../../src/engine/graph/ops/elementwise';
import { reduceSum } from '../../../../src/engine/graph/ops/reduce';
import { adam } from '../../../../src/engine/graph/optim';
import { StepRunner } from '../../../../src/engine/graph/runner';
import { signedAdamW } from '../../../../src/engine/toys/models/superposition/signedAdamW';

/** Loss Σ W⊙C + Σ b⊙c, so the gradients are exactly the fed C and c. */
async function linearLossRunner(update: (params: Tensor[], grads: Tensor[], lr: Tensor) => void) {
  const g = new Graph('linear');
  const w = g.param('W', [2, 2], 'float64');
  const b = g.param('b', [2], 'float64');
  const cw = g.input('cw', 'float64', [2, 2]);
  const cb = g.input('cb', 'float64', [2]);
  const lr = g.input('lr', 'float64', []);
  const loss = add(reduceSum(mul(w, cw)), reduceSum(mul(b, cb)));
  update([w, b], grad(loss, [w, b]), lr);
  return StepRunner.create(g, { threads: 1 });
}

const close = (got: ArrayLike<number>, want: readonly number[], tol = 1e-12) =>
  want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= tol * Math.max(1, Math.abs(w)), `entry ${i}: ${got[i]} vs ${w}`));

describe('signed weight-decay Adam (dynamics-methods §3.2)', () => {
  const w0 = [3, 4, 0.3, 0.4]; // row norms 5 and 0.5
  const b0 = [1, -1];
  const cw = Float64Array.of(0.5, -2, 1, 0.25);
  const cb = Float64Array.of(2, 3);
  const lr = 0.1;
  // First Adam step: m̂ = g, v̂ = g², so the update is −lr·g/(|g| + eps).
  const adamStep = (g: number) => (-lr * g) / (Math.abs(g) + 1e-8);

  it('γ < 0 pulls row norms towards 1 before the Adam update, and leaves undecayed parameters alone', async () => {
    const gamma = -1;
    const runner = await linearLossRunner((p, gr, l) => signedAdamW(p, gr, { lr: l, weightDecay: gamma, decayed: [p[0]] }));
    runner.setState('W', w0);
    runner.setState('b', b0);
    await runner.step({ cw, cb, lr });
    // W_i ← W_i + ηγ·W_i·(1 − 1/(‖W_i‖ + 1e-8)): row 0 shrinks by 0.08 (norm 5 → 4.6), row 1 grows by 0.1 (0.5 → 0.55).
    const factor = (norm: number) => 1 + lr * gamma * (1 - 1 / (norm + 1e-8));
    const decayed = [3 * factor(5), 4 * factor(5), 0.3 * factor(0.5), 0.4 * factor(0.5)];
    assert.ok(Math.abs(factor(5) - 0.92) < 1e-9 && Math.abs(factor(0.5) - 1.1) < 1e-8);
    close(runner.state('W') as Float64Array, decayed.map((w, i) => w + adamStep(cw[i])));
    close(runner.state('b') as Float64Array, b0.map((b, i) => b + adamStep(cb[i])));
  });

  it('γ > 0 is AdamW: identical to adam({ decoupled: true }) over several steps', async () => {
    const gamma = 0.5;
    const signed = await linearLossRunner((p, gr, l) => signedAdamW(p, gr, { lr: l, weightDecay: gamma }));
    const adamw = await linearLossRunner((p, gr, l) => adam(p, gr, { lr: l, weightDecay: gamma, decoupled: true }));
    for (const r of [signed, adamw]) {
      r.setState('W', w0);
      r.setState('b', b0);
    }
    for (let t = 0; t < 3; t++) {
      const feeds = { cw: cw.map((c) => c * (t + 1)), cb: cb.map((c) => c - t), lr };
      await signed.step(feeds);
      await adamw.step(feeds);
    }
    for (const name of ['W', 'b', 'W.adam_m', 'W.adam_v', 'adam.step']) close(signed.state(name) as Float64Array, Array.from(adamw.state(name) as Float64Array));
  });
});
