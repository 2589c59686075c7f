import assert from 'node:assert/strict';
import { groundTruthWeights } from '../../../src/engine/diagnostics/groundTruthInit';
import { largestDivisorUpTo, saeTrainingGraphs, trainStacked } from '../../../src/engine/diagnostics/stackedTraining';
import { trainSae } from '../../../src/engine/sae/trainer';
import { defaultSpec } from '../../../src/engine/sae/trainingSpec';
import { openSource } from '../../../src/engine/sources';

describe('diagnostics: training many steps per ORT run', () => {
  /**
   * BatchTopK on the small toy: the true features, and a sixth latent off the features' span with b_enc −0.1, which
   * never fires (inputs and b_dec stay in the span), so it is dead after the window and AuxK turns on.
   */
  async function setup() {
    const { source, truth } = await openSource('toy:small', { seed: 3 });
    const { d, features: F } = truth!;
    const spec = defaultSpec('batchtopk', d, 6, 64);
    spec.k = 1.8;
    spec.deadWindow = 25;
    const off = Float64Array.from({ length: d }, (_, k) => Math.cos(k + 1));
    for (let f = 0; f < 5; f++) {
      const c = off.reduce((s, v, k) => s + v * F[f * d + k], 0);
      for (let k = 0; k < d; k++) off[k] -= c * F[f * d + k];
    }
    const init = groundTruthWeights(F, d, [0, 1, 2, 3, 4, 0]);
    const norm = Math.hypot(...off);
    for (let k = 0; k < d; k++) init.W_dec[5 * d + k] = init.W_enc[k * 6 + 5] = off[k] / norm;
    init.b_enc[5] = -0.1;
    return { source, spec, init };
  }
  const gap = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

  it('equals the trainer step for step, AuxK shortcut included, while a latent dies', async () => {
    const { source, spec, init } = await setup();
    const stacked = await trainStacked({ ...saeTrainingGraphs(spec), source, steps: 60, maxStepsPerRun: 10, feeds: { lr: 3e-3, sparsity_coefficient: 0 }, initial: { ...init } });
    await source.reset();
    const full = await trainStacked({ graph: saeTrainingGraphs(spec).graph, source, steps: 60, maxStepsPerRun: 10, feeds: { lr: 3e-3, sparsity_coefficient: 0 }, initial: { ...init } });
    await source.reset();
    const reference = await trainSae({
      spec, source, steps: 60, schedule: { lr: 3e-3, warmupSteps: 0, decaySteps: 0, lrEnd: 0 }, sparsityCoefficient: 0, sparsityWarmupSteps: 0,
      seed: 0, bDecInit: 'zeros', init, progressEvery: 60, threads: 1,
    });
    await source.close();
    assert.ok(reference.history[0].parts.aux > 0, 'latent 5 died, so AuxK ran');
    assert.deepEqual(stacked.state.W_dec, full.state.W_dec);
    assert.ok(gap(stacked.state.W_dec, reference.bundle.W_dec) < 1e-5, `${gap(stacked.state.W_dec, reference.bundle.W_dec)}`);
    assert.ok(gap(stacked.state.W_enc, reference.bundle.W_enc) < 1e-5);
    assert.equal(stacked.steps, 60);
  });

  it('runs the largest number of steps per run that divides the total', () => {
    assert.equal(largestDivisorUpTo(3000, 100), 100);
    assert.equal(largestDivisorUpTo(24414, 100), 78);
    assert.equal(largestDivisorUpTo(97, 100), 97);
    assert.equal(largestDivisorUpTo(101, 100), 1);
    assert.throws(() => largestDivisorUpTo(0, 100), /positive integer/);
  });

  it('stops between runs when cancelled', async () => {
    const { source, spec, init } = await setup();
    const controller = new AbortController();
    const r = await trainStacked({
      ...saeTrainingGraphs(spec), source, steps: 100, maxStepsPerRun: 10, feeds: { lr: 3e-3, sparsity_coefficient: 0 }, initial: { ...init },
      signal: controller.signal, onProgress: (step) => step === 20 && controller.abort(),
    });
    await source.close();
    assert.equal(r.steps, 20);
    assert.equal(r.cancelled, true);
  });
});
