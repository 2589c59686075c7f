import assert from 'node:assert/strict';
import { runBalanceSweep, type BalanceSweepResult } from '../../../../src/engine/diagnostics/hedging/balance';
import { matryoshkaL1Loss, matryoshkaL1TrainingGraph } from '../../../../src/engine/diagnostics/hedging/matryoshkaL1';
import { grad } from '../../../../src/engine/graph/autodiff';
import { Graph } from '../../../../src/engine/graph/graph';
import { Evaluator, StepRunner } from '../../../../src/engine/graph/runner';
import { declareSaeTensors } from '../../../../src/engine/sae/params';

/** Two latents in 3-d, batch 2, and the state the graph is evaluated at. */
const d = 3, h = 2, batch = 2;
const weights = {
  W_enc: Float32Array.of(1, 0.2, 0.3, 1, 0, 0.5), // [d, h]
  b_enc: Float32Array.of(-0.1, 0.05),
  W_dec: Float32Array.of(0.9, 0.3, 0, 0.1, 1.2, 0.4), // [h, d]
  b_dec: Float32Array.of(0.05, -0.05, 0.1),
};
const x = Float32Array.of(1, 0.5, 0.2, 0.3, 1, 0.6);
const lambda = 0.3;

/** The objective by hand: per level m, β_m·(mean_b ‖x − x̂_m‖² + λ·mean_b Σ_{i ∈ L1 range} a_i‖W_dec,i‖). */
function byHand(levelWeights: number[], detached: boolean): number {
  const norms = [0, 1].map((i) => Math.hypot(...weights.W_dec.subarray(i * d, (i + 1) * d)));
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const row = x.subarray(b * d, (b + 1) * d);
    const a = [0, 1].map((i) => Math.max(0, row.reduce((s, v, k) => s + (v - weights.b_dec[k]) * weights.W_enc[k * h + i], 0) + weights.b_enc[i]));
    [1, 2].forEach((w, m) => {
      let err = 0;
      for (let k = 0; k < d; k++) {
        let xHat = weights.b_dec[k];
        for (let i = 0; i < w; i++) xHat += a[i] * weights.W_dec[i * d + k];
        err += (row[k] - xHat) ** 2;
      }
      let l1 = 0;
      for (let i = detached ? m : 0; i < w; i++) l1 += a[i] * norms[i];
      total += (levelWeights[m] * (err + lambda * l1)) / batch;
    });
  }
  return total;
}

/** The loss the training graph reports for the state above (before its step). */
async function trainingLoss(levelWeights: number[], detached: boolean): Promise<number> {
  const runner = await StepRunner.create(matryoshkaL1TrainingGraph({ dIn: d, dSae: h, batch, widths: [1, 2], weights: levelWeights, detached }), { threads: 1 });
  for (const [name, data] of Object.entries(weights)) runner.setState(name, data);
  const loss = Number((await runner.step({ x, lr: 0, sparsity_coefficient: lambda })).loss[0]);
  await runner.release();
  return loss;
}

describe('hedging: the balanced Matryoshka toy objective', () => {
  it('γ = 0 is the plain L1 SAE; γ weighs the inner level; detached penalises each level\'s own latents', async () => {
    for (const [levelWeights, detached] of [[[0, 1], false], [[0.25, 1], false], [[1, 1], true]] as const) {
      const loss = await trainingLoss([...levelWeights], detached);
      assert.ok(Math.abs(loss - byHand([...levelWeights], detached)) < 1e-5, `${levelWeights} ${detached}: ${loss} vs ${byHand([...levelWeights], detached)}`);
    }
  });

  it('detached: the outer level sends no gradient to the inner latent\'s encoder', async () => {
    const encoderGradient = async (levelWeights: number[], detached: boolean) => {
      const g = new Graph('gradient');
      const xs = g.input('x', 'float32', [batch, d]);
      const p = declareSaeTensors(g, d, h, false);
      const [gradient] = grad(matryoshkaL1Loss(xs, p, g.scalar(lambda), { widths: [1, 2], weights: levelWeights, detached }), [p.W_enc]);
      g.output('g', gradient);
      const evaluator = await Evaluator.create(g);
      const out = Float32Array.from((await evaluator.run({ ...weights, x })).g as Float32Array);
      await evaluator.release();
      return Array.from({ length: d }, (_, k) => out[k * h]);
    };
    const innerOnly = await encoderGradient([1, 0], false);
    assert.deepEqual(await encoderGradient([1, 1], true), innerOnly);
    const together = await encoderGradient([1, 1], false);
    assert.ok(Math.max(...together.map((v, k) => Math.abs(v - innerOnly[k]))) > 0.01, `${together} vs ${innerOnly}`);
  });
});

describe('hedging: balanced Matryoshka γ sweep on the tree toy (T8, short)', () => {
  let r: BalanceSweepResult;
  const finished: string[][] = [];
  before(async () => {
    r = await runBalanceSweep({ gammas: [0, 0.25], steps: 3000, onRun: (run, sweep) => finished.push([run.label, ...sweep.runs.map((done) => done.label)]) });
  });

  it('reports each run as it finishes, in order, with the sweep so far', () => {
    assert.deepEqual(finished, [['γ = 0', 'γ = 0'], ['γ = 0.25', 'γ = 0', 'γ = 0.25'], ['detached', 'γ = 0', 'γ = 0.25', 'detached']]);
  });

  it('γ = 0 absorbs (negative child components in the parent\'s encoder); detached hedges (positive in its decoder)', () => {
    const [plain, balanced, detached] = r.runs.map((run) => run.parents[0]);
    assert.deepEqual(r.runs.map((run) => run.label), ['γ = 0', 'γ = 0.25', 'detached']);
    assert.ok(plain.absorption > 0.2 && plain.encoder.children.every((c) => c < -0.2), `γ = 0 encoder children ${plain.encoder.children}`);
    assert.ok(plain.hedging < 0.02, `γ = 0 decoder children ${plain.decoder.children}`);
    assert.ok(detached.hedging > 0.1 && detached.decoder.children.every((c) => c > 0.1), `detached decoder children ${detached.decoder.children}`);
    assert.equal(detached.absorption, 0);
    assert.ok(balanced.mixing < Math.min(plain.mixing, detached.mixing), `mixing ${plain.mixing}, ${balanced.mixing}, ${detached.mixing}`);
    assert.deepEqual(r.balance?.gamma, 0.25);
  });

  it('latents start parents first, with one Matryoshka level for the parents', () => {
    assert.deepEqual(r.order, [0, 1, 2, 3]);
    assert.deepEqual(r.widths, [1, 4]);
    assert.deepEqual(r.runs[0].parents[0].children, [1, 2, 3]);
    assert.deepEqual(r.runs.map((run) => run.weights), [[0, 1], [0.25, 1], [1, 1]]);
  });
});
