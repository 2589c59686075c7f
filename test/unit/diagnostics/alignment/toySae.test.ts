import assert from 'node:assert/strict';
import { toySaeBundle, toySaeLosses, initialToySae } from '../../../../src/engine/diagnostics/alignment/toySae';
import { ToySaeTrainer } from '../../../../src/engine/diagnostics/alignment/toySaeTrainer';
import { gradCheck } from '../../../../src/engine/graph/gradcheck';
import { Graph } from '../../../../src/engine/graph/graph';
import { Evaluator } from '../../../../src/engine/graph/runner';
import { SaeSession } from '../../../../src/engine/sae/inference';
import { Rng } from '../../../../src/engine/util/random';

const [B, D, W, K] = [6, 4, 7, 2];

function weights(seed: number): Record<string, Float64Array> {
  const rng = new Rng(seed);
  return {
    x: rng.fillUniform(new Float64Array(B * D)),
    W_enc: rng.fillNormal(new Float64Array(D * W)),
    b_enc: rng.fillNormal(new Float64Array(W), 0.3),
    W_dec: rng.fillNormal(new Float64Array(W * D)),
    b_dec: rng.fillNormal(new Float64Array(D), 0.3),
  };
}

function declare(g: Graph) {
  return {
    x: g.input('x', 'float64', [B, D]),
    W_enc: g.input('W_enc', 'float64', [D, W]),
    b_enc: g.input('b_enc', 'float64', [W]),
    W_dec: g.input('W_dec', 'float64', [W, D]),
    b_dec: g.input('b_dec', 'float64', [D]),
  };
}

/** The same loss written out in plain arithmetic. */
function reference(v: Record<string, Float64Array>, aux: number): { mse: number; aux: number; dead: number } {
  const pre = new Float64Array(B * W), acts = new Float64Array(B * W);
  for (let b = 0; b < B; b++) {
    for (let l = 0; l < W; l++) {
      let s = v.b_enc[l];
      for (let d = 0; d < D; d++) s += v.x[b * D + d] * v.W_enc[d * W + l];
      pre[b * W + l] = s;
    }
    const kept = Array.from({ length: W }, (_, l) => l).sort((i, j) => Math.max(0, pre[b * W + j]) - Math.max(0, pre[b * W + i])).slice(0, K);
    for (const l of kept) acts[b * W + l] = Math.max(0, pre[b * W + l]);
  }
  const dead = Array.from({ length: W }, (_, l): number => (Array.from({ length: B }, (_, b) => acts[b * W + l]).every((a) => a === 0) ? 1 : 0));
  let mse = 0, auxSum = 0;
  for (let b = 0; b < B; b++) {
    for (let d = 0; d < D; d++) {
      let xHat = v.b_dec[d], deadRecon = v.b_dec[d];
      for (let l = 0; l < W; l++) {
        xHat += acts[b * W + l] * v.W_dec[l * D + d];
        deadRecon += pre[b * W + l] * dead[l] * v.W_dec[l * D + d];
      }
      const e = v.x[b * D + d] - xHat;
      mse += e * e;
      auxSum += (deadRecon - e) ** 2;
    }
  }
  return { mse: mse / (B * D), aux: (aux * auxSum) / (B * D), dead: dead.reduce((a, c) => a + c, 0) };
}

describe('ToySAE (Longon et al., sae-methods §5.1)', () => {
  it('loss = mean(e²) + α·mean((pre⊙dead)·W_dec + b_dec − e)², dead = latents silent on the whole batch', async () => {
    const g = new Graph('toy_sae_forward');
    const t = declare(g);
    const losses = toySaeLosses(t.x, t, K, 0.1);
    for (const name of ['loss', 'mse', 'aux', 'dead'] as const) g.output(name, losses[name]);
    const session = await Evaluator.create(g, { threads: 1 });
    for (const seed of [1, 2, 3]) {
      const v = weights(seed);
      const out = await session.run(v);
      const want = reference(v, 0.1);
      assert.ok(want.dead > 0, 'the case exercises the auxiliary loss');
      assert.ok(Math.abs(Number(out.mse[0]) - want.mse) < 1e-12 && Math.abs(Number(out.aux[0]) - want.aux) < 1e-12, `seed ${seed}`);
      assert.equal(Number(out.dead[0]), want.dead);
      assert.ok(Math.abs(Number(out.loss[0]) - want.mse - want.aux) < 1e-12);
    }
    await session.release();
  });

  it('its gradient (through the auxiliary residual, not through the dead mask) matches finite differences', async () => {
    const report = await gradCheck({
      build: (g) => {
        const t = declare(g);
        return { loss: toySaeLosses(t.x, t, K, 0.1).loss, wrt: [t.W_enc, t.b_enc, t.W_dec, t.b_dec] };
      },
      values: weights(4),
    });
    assert.ok(report.maxError < 1e-6, JSON.stringify(report));
  });

  it('as an SAE bundle (TopK, no b_dec subtraction) it encodes as in training', async () => {
    const w = initialToySae(new Rng(5), D, W);
    for (let i = 0; i < W; i++) w.b_enc[i] = 0.1 * (i - 3);
    const x = new Rng(6).fillUniform(new Float32Array(B * D));
    const session = await SaeSession.create(toySaeBundle(w, D, W, K, 'test'), B);
    const { acts } = await session.run(x);
    await session.release();
    for (let b = 0; b < B; b++) {
      const pre = Array.from({ length: W }, (_, l) => Math.max(0, w.b_enc[l] + Array.from({ length: D }, (_, d) => x[b * D + d] * w.W_enc[d * W + l]).reduce((a, c) => a + c)));
      const kept = [...pre].sort((a, c) => c - a).slice(0, K);
      for (let l = 0; l < W; l++) assert.ok(Math.abs(acts[b * W + l] - (kept.includes(pre[l]) ? pre[l] : 0)) < 1e-6);
    }
  });

  it('trains: looped and single steps give the same weights, and the loss falls', async () => {
    const spec = { dIn: 8, width: 12, k: 3, batch: 32, auxCoefficient: 0.1, weightDecay: 0.01 };
    const rng = new Rng(7);
    const dictionary = rng.fillNormal(new Float32Array(12 * 8));
    const rows = new Float32Array(80 * 32 * 8);
    for (let r = 0; r < 80 * 32; r++) for (let f = 0; f < 12; f++) if (rng.uniform() < 0.2) for (let d = 0; d < 8; d++) rows[r * 8 + d] += rng.uniform() * dictionary[f * 8 + d];
    const run = async (stepsPerRun: number, chunks: number[]) => {
      const t = await ToySaeTrainer.create(spec, { lr: 1e-2, seed: 0, stepsPerRun, reportEvery: 5, threads: 1 });
      let at = 0;
      for (const n of chunks) {
        await t.train(rows.subarray(at * 32 * 8, (at + n) * 32 * 8));
        at += n;
      }
      const w = t.finish();
      await t.release();
      return { w, history: t.history, steps: t.stepsDone };
    };
    const looped = await run(4, [3, 5, 2]);
    const single = await run(1, [10]);
    assert.equal(looped.steps, 10);
    for (const name of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const) {
      looped.w[name].forEach((v, i) => assert.ok(Math.abs(v - single.w[name][i]) < 1e-6, `${name}[${i}]`));
    }
    assert.deepEqual(looped.history.map((h) => h.step), [5, 10]);
    const long = await run(8, [80]);
    assert.equal(long.steps, 80);
    assert.ok(long.history.at(-1)!.mse < 0.5 * long.history[0].mse, JSON.stringify(long.history));
  });
});
