import assert from 'node:assert/strict';
import { grad } from '../../../src/engine/graph/autodiff';
import { Graph } from '../../../src/engine/graph/graph';
import { Evaluator, StepRunner } from '../../../src/engine/graph/runner';
import { TopKOptions, topkTraining } from '../../../src/engine/sae/arch/topk';
import { DecodePath, topkSparsePays, topkSparseTraining } from '../../../src/engine/sae/arch/topkSparse';
import { initialWeights } from '../../../src/engine/sae/init';
import { declareSaeTensors } from '../../../src/engine/sae/params';
import { buildSaeTrainingGraph } from '../../../src/engine/sae/trainingGraph';
import { defaultSpec, SaeTrainingSpec } from '../../../src/engine/sae/trainingSpec';
import { Rng } from '../../../src/engine/util/random';

const STEPS = 6;
const LR = 3e-4;
const PARAMS = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;

/** Weights with non-zero biases (so b_dec's gradient through the encoder, sparse: −W_enc·d b_enc, is exercised). */
function startWeights(spec: SaeTrainingSpec) {
  const rng = new Rng(3);
  const w = initialWeights(spec, rng);
  return {
    ...w,
    b_enc: rng.fillNormal(new Float32Array(spec.dSae)).map((v) => 0.05 * v),
    b_dec: rng.fillNormal(new Float32Array(spec.dIn)).map((v) => 0.1 * v),
  };
}

/** A third of the latents dead, so AuxK contributes. */
const deadStart = (spec: SaeTrainingSpec) => Float32Array.from({ length: spec.dSae }, (_, i) => (i % 3 === 0 ? spec.deadWindow + 1 : 0));

/** The loss and its gradient for every parameter, through one formulation. */
async function gradients(spec: SaeTrainingSpec, path: 'sparse' | 'dense', sparseAuxK = false) {
  const g = new Graph('grads');
  const x = g.input('x', 'float32', [spec.batch, spec.dIn]);
  const params = declareSaeTensors(g, spec.dIn, spec.dSae, false);
  const deadMask = g.input('dead', 'float32', [spec.dSae]);
  const ctx = { x, params, sparsityCoefficient: g.input('c', 'float32', []), deadMask, applyBDecToInput: spec.applyBDecToInput };
  const o: TopKOptions = { k: spec.k, auxCoefficient: spec.auxCoefficient, rescaleActsByDecoderNorm: spec.rescaleActsByDecoderNorm };
  const forward = path === 'sparse' ? topkSparseTraining(ctx, { ...o, sparseAuxK }) : topkTraining(ctx, o);
  g.output('loss', forward.loss);
  grad(forward.loss, PARAMS.map((n) => params[n])).forEach((t, i) => g.output(`d_${PARAMS[i]}`, t));
  const session = await Evaluator.create(g, { threads: 1 });
  const dead = Float32Array.from(deadStart(spec), (v) => (v > spec.deadWindow ? 1 : 0));
  const out = await session.run({ ...startWeights(spec), x: new Rng(7).fillNormal(new Float32Array(spec.batch * spec.dIn)), c: 0, dead });
  await session.release();
  return out as Record<string, Float32Array>;
}

async function sameGradients(spec: SaeTrainingSpec, sparseAuxK: boolean): Promise<void> {
  const dense = await gradients(spec, 'dense');
  const sparse = await gradients(spec, 'sparse', sparseAuxK);
  assert.ok(Math.abs(dense.loss[0] - sparse.loss[0]) <= 1e-6 * dense.loss[0], `loss ${sparse.loss[0]} (sparse) vs ${dense.loss[0]} (dense)`);
  for (const name of PARAMS) {
    const diff = maxRelDiff(dense[`d_${name}`], sparse[`d_${name}`]);
    assert.ok(diff <= 1e-5, `d ${name}: max difference ${diff} of its largest entry`);
  }
}

/** Runs STEPS Adam steps of one formulation from the same weights, batches and dead-latent counters. */
async function train(spec: SaeTrainingSpec, path: DecodePath) {
  const runner = await StepRunner.create(buildSaeTrainingGraph(spec, true, path).graph, { threads: 1 });
  for (const [name, values] of Object.entries(startWeights(spec))) runner.setState(name, values);
  runner.setState('steps_since_fired', deadStart(spec));
  const data = new Rng(7);
  const steps = [];
  for (let s = 0; s < STEPS; s++) {
    const x = data.fillNormal(new Float32Array(spec.batch * spec.dIn));
    const out = await runner.step({ x, lr: LR, sparsity_coefficient: 0 });
    const n = (name: string) => Number(out[name][0]);
    steps.push({ loss: n('loss'), aux: n('aux'), gradNorm: n('grad_norm'), l0: n('l0'), fired: Float32Array.from(out.fired_count as Float32Array) });
  }
  const state = Object.fromEntries([...PARAMS, 'steps_since_fired'].map((n) => [n, Float32Array.from(runner.state(n) as Float32Array)]));
  await runner.release();
  return { steps, state };
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

/**
 * Same losses, gradient norms and firing counts step by step, and the same parameters after STEPS steps. Adam's
 * update lr·m̂/(√v̂ + ε) turns the float32 rounding of a gradient entry near ε into a difference of up to a
 * fraction of lr, so parameters are compared to 1% of lr per step; a wrong gradient moves an entry by ~lr.
 */
async function sameTraining(spec: SaeTrainingSpec): Promise<void> {
  const dense = await train(spec, 'dense');
  const sparse = await train(spec, 'sparse');
  assert.ok(dense.steps[0].aux > 0, 'AuxK must be active for this comparison to cover it');
  dense.steps.forEach((d, i) => {
    const s = sparse.steps[i];
    assert.ok(Math.abs(d.loss - s.loss) <= 1e-5 * d.loss, `step ${i}: loss ${s.loss} (sparse) vs ${d.loss} (dense)`);
    assert.ok(Math.abs(d.aux - s.aux) <= 1e-5 * d.aux, `step ${i}: aux ${s.aux} vs ${d.aux}`);
    assert.ok(Math.abs(d.gradNorm - s.gradNorm) <= 1e-5 * d.gradNorm, `step ${i}: gradient norm ${s.gradNorm} vs ${d.gradNorm}`);
    assert.equal(s.l0, d.l0, `step ${i}: L0`);
    assert.deepEqual(s.fired, d.fired, `step ${i}: fired counts`);
  });
  assert.deepEqual(sparse.state.steps_since_fired, dense.state.steps_since_fired);
  const start = startWeights(spec);
  for (const name of PARAMS) {
    const diff = maxAbsDiff(dense.state[name], sparse.state[name]);
    assert.ok(diff <= 0.01 * LR * STEPS, `${name}: max difference ${diff} after ${STEPS} Adam steps`);
    // Every parameter moved, so agreement is not that of untouched weights.
    assert.ok(maxAbsDiff(start[name], dense.state[name]) > 0.5 * LR, `${name} did not move`);
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  return diff;
}

describe('sparse TopK training graph (decode and gradients through the k active latents)', () => {
  const spec = (o: Partial<SaeTrainingSpec>): SaeTrainingSpec => ({ ...defaultSpec('topk', 24, 96, 40), k: 5, deadWindow: 4, ...o });

  it('gives the dense formulation\'s loss and gradients (AuxK sparse and dense; rescaled; without b_dec on the input)', async () => {
    await sameGradients(spec({}), true);
    await sameGradients(spec({}), false);
    await sameGradients(spec({ rescaleActsByDecoderNorm: true }), true);
    await sameGradients(spec({ applyBDecToInput: false, auxCoefficient: 0 }), false);
  });

  it('gives the dense graph\'s losses, firing counts and parameters over several Adam steps (AuxK dense)', async () => {
    await sameTraining(spec({}));
  });

  it('the same where AuxK\'s k_aux = d_in/2 picks are few enough to go sparse too', async () => {
    const small = { ...defaultSpec('topk', 8, 192, 40), k: 4, deadWindow: 4 };
    assert.equal(topkSparsePays({ k: 4, dSae: 192 }), true);
    await sameTraining(small);
  });

  it('the same with rescale_acts_by_decoder_norm and without b_dec on the input', async () => {
    await sameTraining(spec({ rescaleActsByDecoderNorm: true, applyBDecToInput: false }));
  });

  it('the same when the batch is worked through in several blocks of rows', async () => {
    // 2100 rows × k 32 × d_in 256 (and × k_aux 128 for AuxK) exceed one 2^24-element block, so the sparse ops split the batch.
    await sameTraining({ ...defaultSpec('topk', 256, 512, 2100), k: 32, deadWindow: 4 });
  });

  it('chooses the sparse path only where k is a small fraction of d_sae', () => {
    assert.equal(topkSparsePays({ k: 64, dSae: 16384 }), true);
    assert.equal(topkSparsePays({ k: 96, dSae: 4096 }), true);
    assert.equal(topkSparsePays({ k: 128, dSae: 4096 }), false);
    assert.equal(topkSparsePays({ k: 256, dSae: 512 }), false);
  });
});
