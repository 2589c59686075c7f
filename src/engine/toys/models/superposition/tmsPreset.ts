import { StepRunner, TypedArray } from '../../../graph/runner';
import { nonNegativeInteger, numberIn } from '../configRange';
import { modelRng, modelSeed } from '../modelRandom';
import { PresetConfig, numeric, positiveInteger } from '../presetConfig';
import { copyState, resolveTrainConfig, runLength, trainLoop } from '../trainingLoop';
import { ModelRecord, ToyModelPreset, ToyModelRun, ToyModelTrainOptions } from '../types';
import { warmupCosineLr } from './lrSchedule';
import { rowGeometry } from './rowGeometry';
import { stepsPerRunFor } from './stackedRuns';
import { powerLawFrequencies, superpositionSampler, unrepresentedFeatureLoss } from './superpositionData';
import { buildSuperpositionLossGraph, buildSuperpositionTrainingGraph, initialSuperpositionParams } from './superpositionModel';

export interface TmsConfig extends PresetConfig {
  /** n, the number of features. */
  features: number;
  /** m, the hidden width. */
  hidden: number;
  /** The paper's exponent α of p_i ∝ i^(−α). */
  alpha: number;
  /** The activation-density sweep s ∈ [0, 1] (0: one active feature per sample on average). */
  density: number;
  /** γ of the signed weight decay: < 0 strong superposition, > 0 weak. */
  weightDecay: number;
  batch: number;
  steps: number;
  /** Peak learning rate. */
  lr: number;
  warmup: number;
  finalLrFraction: number;
  representedThreshold: number;
  /** Held-out samples the recorded `loss` is measured on. */
  testSamples: number;
  recordEvery: number;
}

/** dynamics-methods §6 target 11's setting, which trains in seconds. */
export const TMS_DEFAULTS: TmsConfig = {
  features: 128,
  hidden: 8,
  alpha: 1,
  density: 0,
  weightDecay: -1,
  batch: 256,
  steps: 3000,
  lr: 0.01,
  warmup: 300,
  finalLrFraction: 0.05,
  representedThreshold: 0.5,
  testSamples: 8192,
  recordEvery: 100,
};

/** A step is well under a MFLOP at the defaults, so ORT call overhead would dominate one-step runs. */
const STEPS_PER_RUN = 20;

function checkConfig(preset: string, c: TmsConfig): void {
  for (const key of ['features', 'hidden', 'batch', 'testSamples', 'recordEvery']) positiveInteger(preset, c, key);
  nonNegativeInteger(preset, c, 'warmup');
  numberIn(preset, c, 'alpha', 0, 100);
  numberIn(preset, c, 'density', 0, 1);
  numberIn(preset, c, 'finalLrFraction', 0, 1);
  numeric(preset, c, 'weightDecay');
  numeric(preset, c, 'representedThreshold');
  if (!(numeric(preset, c, 'lr') > 0)) throw new Error(`${preset}: lr must be positive`);
}

/**
 * Superposition scaling toy (Liu, Liu & Gore, dynamics-methods §3): y = ReLU(WWᵀx + b) on power-law
 * features drawn fresh every step, signed weight decay γ = `weightDecay` on W, warm-up + cosine schedule.
 * Records, every `recordEvery` steps: `loss` (on a fixed held-out set of `testSamples`), `batchLoss` (mean
 * over the last run's minibatches), `lr`, and the geometry of W's rows: `fractionRepresented`
 * (‖W_i‖ > representedThreshold), `meanRowNorm`, `meanSquaredOverlap` of represented rows and
 * `overlapTimesHidden` (that times m; 1 for random directions), and `unrepresentedLoss`, the loss the
 * unrepresented features alone account for. Parameters: `W` [n, m], `b` [n].
 * How the paper averages its final loss is UNCONFIRMED (the spec suggests the mean training loss over the
 * last 10% of steps); a fixed held-out set estimates the same expectation without the minibatch noise.
 */
export async function trainTms(options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const preset = 'tms';
  const c = resolveTrainConfig(preset, TMS_DEFAULTS, options);
  checkConfig(preset, c);
  const probabilities = powerLawFrequencies(c.features, c.alpha, c.density);
  const sampler = superpositionSampler(probabilities, modelRng(options.seed, 'batches'));
  const testInputs = superpositionSampler(probabilities, modelRng(options.seed, 'test')).fill(new Float32Array(c.testSamples * c.features));
  const schedule = { peak: c.lr, warmup: c.warmup, total: c.steps, finalFraction: c.finalLrFraction };
  const stepsPerRun = runLength(stepsPerRunFor(STEPS_PER_RUN, c.batch * c.features), c.steps, c.recordEvery, options.checkpointEvery);
  const graph = buildSuperpositionTrainingGraph({ features: c.features, hidden: c.hidden, batch: c.batch, weightDecay: c.weightDecay });
  // One intra-op thread: these kernels are too small to gain from fork/join, and results stay bit-reproducible.
  const runner = await StepRunner.create(graph, { stepsPerRun, stacked: ['x', 'lr'], seed: modelSeed(options.seed, 'steps'), threads: 1 });
  for (const [name, data] of Object.entries(initialSuperpositionParams(modelRng(options.seed, 'init'), c.features, c.hidden))) runner.setState(name, data);
  const evaluator = await runner.evaluator(buildSuperpositionLossGraph(c.features, c.hidden, c.testSamples), { threads: 1 });
  const x = new Float32Array(stepsPerRun * c.batch * c.features);
  const lr = new Float32Array(stepsPerRun);
  const params = () => ({ W: copyState(runner, 'W', [c.features, c.hidden]), b: copyState(runner, 'b', [c.features]) });

  const measure = async (step: number, run?: Record<string, TypedArray>): Promise<ModelRecord> => {
    const loss = Number((await evaluator.run({ x: testInputs })).loss[0]);
    const geo = rowGeometry(params().W, c.representedThreshold);
    const record: ModelRecord = {
      step,
      loss,
      lr: warmupCosineLr(step, schedule),
      fractionRepresented: geo.fractionRepresented,
      meanRowNorm: geo.meanNorm,
      unrepresentedLoss: unrepresentedFeatureLoss(probabilities, geo.represented),
    };
    if (Number.isFinite(geo.meanSquaredOverlap)) {
      record.meanSquaredOverlap = geo.meanSquaredOverlap;
      record.overlapTimesHidden = geo.meanSquaredOverlap * c.hidden;
    }
    if (run) record.batchLoss = (run.loss as Float32Array).reduce((a, b) => a + b, 0) / run.loss.length;
    return record;
  };
  return trainLoop({
    preset,
    config: c,
    steps: c.steps,
    runner,
    feeds: () => {
      for (let k = 0; k < stepsPerRun; k++) lr[k] = warmupCosineLr(runner.steps + k + 1, schedule);
      return { x: sampler.fill(x), lr };
    },
    recordAt: (step) => step % c.recordEvery === 0,
    measure,
    params,
    close: async () => {
      await evaluator.release();
      await runner.release();
    },
  }, options);
}

export const tmsPreset: ToyModelPreset = {
  name: 'tms',
  summary: 'toy model of superposition y = ReLU(WWᵀx + b) on Zipf-frequency features with signed weight decay (Liu et al. 2025)',
  defaults: TMS_DEFAULTS,
  train: trainTms,
};
