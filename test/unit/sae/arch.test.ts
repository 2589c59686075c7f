import assert from 'node:assert/strict';
import { Graph } from '../../../src/engine/graph/graph';
import { grad } from '../../../src/engine/graph/autodiff';
import { Evaluator } from '../../../src/engine/graph/runner';
import { exp, reduceSum, mul } from '../../../src/engine/graph/ops';
import { declareSaeTensors } from '../../../src/engine/sae/params';
import { standardTraining } from '../../../src/engine/sae/arch/standard';
import { topkTraining } from '../../../src/engine/sae/arch/topk';
import { batchTopKActs } from '../../../src/engine/sae/arch/batchtopk';
import { jumpRelu, heaviside } from '../../../src/engine/sae/arch/jumprelu';
import { matryoshkaTraining } from '../../../src/engine/sae/arch/matryoshka';

const f32 = (...v: number[]) => Float32Array.from(v);
const near = (a: ArrayLike<number>, b: number[], tol = 1e-5) =>
  b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) <= tol, `index ${i}: ${a[i]} vs ${v}`));

/** d_in 2, d_sae 3, identity-like encoder so pre-activations are easy to read. */
const weights = {
  W_enc: f32(1, 0, -1, 0, 1, 1), // pre = [x0 - 0, x1, -x0 + x1] with b_enc 0
  b_enc: f32(0, 0, 0),
  W_dec: f32(1, 0, 0, 2, 1, 1),
  b_dec: f32(0, 0),
};

function sae(batch: number) {
  const g = new Graph('t');
  const x = g.input('x', 'float32', [batch, 2]);
  const params = declareSaeTensors(g, 2, 3, false);
  const coeff = g.input('c', 'float32', []);
  const dead = g.input('dead', 'float32', [3]);
  return { g, ctx: { x, params, sparsityCoefficient: coeff, deadMask: dead, applyBDecToInput: true } };
}

describe('SAE architectures: forward passes on hand-computed cases', () => {
  it('standard: ReLU acts, MSE summed over d_in, L1 weighted by decoder norm', async () => {
    const { g, ctx } = sae(2);
    const f = standardTraining(ctx);
    g.output('acts', f.acts);
    g.output('mse', f.parts.mse);
    g.output('l1', f.parts.l1);
    const out = await (await Evaluator.create(g)).run({ ...weights, x: f32(2, 1, -1, 3), c: 0.5, dead: f32(0, 0, 0) });
    // pre row 0 = [2, 1, -1] → acts [2, 1, 0]; row 1 = [-1, 3, 4] → [0, 3, 4]
    near(out.acts as Float32Array, [2, 1, 0, 0, 3, 4]);
    // x̂0 = 2·(1,0) + 1·(0,2) = (2,2): err (0,1); x̂1 = 3·(0,2) + 4·(1,1) = (4,10): err (5,7)
    near(out.mse as Float32Array, [(0 + 1 + 25 + 49) / 2]);
    // norms [1, 2, √2]: Σ a·n = (2 + 2) + (6 + 4√2), times 0.5 / batch 2
    near(out.l1 as Float32Array, [(0.5 * (4 + 6 + 4 * Math.SQRT2)) / 2]);
  });

  it('topk: keeps the k largest pre-activations, then ReLU; gradient reaches only the kept latents', async () => {
    const { g, ctx } = sae(1);
    const f = topkTraining(ctx, { k: 2, auxCoefficient: 0, rescaleActsByDecoderNorm: false });
    g.output('acts', f.acts);
    const [gEnc] = grad(reduceSum(f.acts), [ctx.params.W_enc]);
    g.output('g_enc', gEnc);
    const out = await (await Evaluator.create(g)).run({ ...weights, x: f32(-1, -3), c: 0, dead: f32(0, 0, 0) });
    // pre = [-1, -3, -2]: top 2 are -1 and -2, both ReLU'd to 0.
    near(out.acts as Float32Array, [0, 0, 0]);
    const out2 = await (await Evaluator.create(g)).run({ ...weights, x: f32(3, 1), c: 0, dead: f32(0, 0, 0) });
    // pre = [3, 1, -2]: keep 3 and 1.
    near(out2.acts as Float32Array, [3, 1, 0]);
    // d Σacts / dW_enc[i, j] = x_i for kept latents j, 0 for the dropped one.
    near(out2.g_enc as Float32Array, [3, 3, 0, 1, 1, 0]);
  });

  it('batchtopk: ⌊k·B⌋ largest over the whole batch, so rows may differ in L0', async () => {
    const g = new Graph('b');
    const pre = g.input('pre', 'float32', [2, 3]);
    g.output('acts', batchTopKActs(pre, 1.5));
    const out = await (await Evaluator.create(g)).run({ pre: f32(5, 4, 3, 1, -2, 0.5) });
    near(out.acts as Float32Array, [5, 4, 3, 0, 0, 0]);
  });

  it('jumprelu: a = pre·1[pre > θ] with the straight-through gradients', async () => {
    const g = new Graph('j');
    const pre = g.input('pre', 'float32', [2, 2]);
    const logTheta = g.input('log_theta', 'float32', [2]);
    const theta = exp(logTheta);
    const eps = 0.5;
    const a = jumpRelu(pre, theta, eps);
    const h = heaviside(pre, theta, eps);
    const [gPre, gLog] = grad(reduceSum(a), [pre, logTheta]);
    const [, gLogH] = grad(reduceSum(mul(h, 1)), [pre, logTheta]);
    g.output('a', a);
    g.output('g_pre', gPre);
    g.output('g_log', gLog);
    g.output('g_log_h', gLogH);
    // θ = [1, 1]; pre row 0 = [1.1, 0.9], row 1 = [2, 1.2]
    const out = await (await Evaluator.create(g)).run({ pre: f32(1.1, 0.9, 2, 1.2), log_theta: f32(0, 0) });
    near(out.a as Float32Array, [1.1, 0, 2, 1.2]);
    near(out.g_pre as Float32Array, [1, 0, 1, 1]);
    // ∂a/∂θ = −(θ/ε)·rect((pre−θ)/ε); rect is 1 for |pre − θ| < ε/2 = 0.25: entries 1.1, 0.9, 1.2 (not 2).
    // Latent 0: row 0 only → −2; latent 1: both rows → −4. Chain θ = exp(logθ) multiplies by θ = 1.
    near(out.g_log as Float32Array, [-2, -4]);
    // ∂H/∂θ = −(1/ε)·rect: same pattern divided by θ (= 1 here).
    near(out.g_log_h as Float32Array, [-2, -4]);
  });

  it('matryoshka: prefix losses weighted γ^(M−m), full SAE weight 1', async () => {
    const { g, ctx } = sae(1);
    const f = matryoshkaTraining(ctx, { k: 3, auxCoefficient: 0, thresholdLr: 0.01, widths: [1, 3], gamma: 0.5 });
    g.output('loss', f.loss);
    g.output('inner', f.parts.mse_prefix_1);
    g.output('mse', f.parts.mse);
    const out = await (await Evaluator.create(g)).run({ ...weights, x: f32(2, 1), c: 0, dead: f32(0, 0, 0), topk_threshold: 0 });
    // acts [2, 1, 0]; prefix 1: x̂ = (2, 0), err² = 1; full: x̂ = (2, 2), err² = 1.
    near(out.inner as Float32Array, [1]);
    near(out.mse as Float32Array, [1]);
    near(out.loss as Float32Array, [0.5 * 1 + 1]);
  });
});
