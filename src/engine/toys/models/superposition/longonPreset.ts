import { StepRunner, TypedArray } from '../../../graph/runner';
import { nonNegativeInteger, numberIn } from '../configRange';
import { modelRng, modelSeed } from '../modelRandom';
import { PresetConfig, numeric, positiveInteger } from '../presetConfig';
import { copyState, resolveTrainConfig, runLength, trainLoop } from '../trainingLoop';
import { ModelRecord, ToyModelPreset, ToyModelRun, ToyModelTrainOptions } from '../types';
import { longonSampler } from './longonData';
import { buildLongonLossGraph, buildLongonTrainingGraph, initialLongonParams } from './longonModel';
import { rowGeometry } from './rowGeometry';
import { SparseFeatureSampler } from './sparseFeatures';
import { stepsPerRunFor } from './stackedRuns';

export interface LongonConfig extends PresetConfig {
  features: number;
  /** The number of "neurons" n ∈ {8, 16, 32} in the paper. */
  hidden: number;
  /** Firing probability of every feature. */
  p: number;
  batch: number;
  steps: number;
  lr: number;
  weightDecay: number;
  /** Seed of the shared dataset; the run's own seed only sets the initial weights, as in the paper. */
  dataSeed: number;
  representedThreshold: number;
  testSamples: number;
  recordEvery: number;
}

/** sae-methods §5.1: 64 features, p 0.1, AdamW 1e-3 (PyTorch's default decay 0.01), batch 1024, one epoch of 10k steps. */
export const LONGON_DEFAULTS: LongonConfig = {
  features: 64,
  hidden: 32,
  p: 0.1,
  batch: 1024,
  steps: 10000,
  lr: 1e-3,
  weightDecay: 0.01,
  dataSeed: 0,
  representedThreshold: 0.5,
  testSamples: 8192,
  recordEvery: 500,
};

/** A step is a few MFLOP: a short loop is enough to hide the call overhead. */
const STEPS_PER_RUN = 10;

function checkConfig(preset: string, c: LongonConfig): void {
  for (const key of ['features', 'hidden', 'batch', 'testSamples', 'recordEvery']) positiveInteger(preset, c, key);
  nonNegativeInteger(preset, c, 'dataSeed');
  numberIn(preset, c, 'p', 0, 1);
  numberIn(preset, c, 'weightDecay', 0, Infinity);
  numeric(preset, c, 'representedThreshold');
  if (!(numeric(preset, c, 'lr') > 0)) throw new Error(`${preset}: lr must be positive`);
}

/**
 * Longon et al.'s toy model with a ReLU hidden layer (sae-methods §5.1): h = ReLU(xW),
 * y = ReLU(hWᵀ + b), importance-weighted MSE, AdamW. Records, every `recordEvery` steps: `loss` (on
 * `testSamples` held-out rows), `batchLoss` (mean over the last run's minibatches) and
 * `fractionRepresented` (‖W_i‖ > representedThreshold, the features later SAEs are scored on).
 * Parameters: `W` [features, hidden], `b` [features].
 */
export async function trainLongon(options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const preset = 'longon-tms';
  const c = resolveTrainConfig(preset, LONGON_DEFAULTS, options);
  checkConfig(preset, c);
  const sampler = longonSampler(c.features, c.p, c.dataSeed);
  const testInputs = new SparseFeatureSampler(sampler.probabilities, 0, 1, modelRng(c.dataSeed, 'test')).fill(new Float32Array(c.testSamples * c.features));
  const stepsPerRun = runLength(stepsPerRunFor(STEPS_PER_RUN, c.batch * c.features), c.steps, c.recordEvery, options.checkpointEvery);
  const graph = buildLongonTrainingGraph({ features: c.features, hidden: c.hidden, batch: c.batch, weightDecay: c.weightDecay });
  const runner = await StepRunner.create(graph, { stepsPerRun, stacked: ['x'], seed: modelSeed(options.seed, 'steps'), threads: 1 });
  for (const [name, data] of Object.entries(initialLongonParams(modelRng(options.seed, 'init'), c.features, c.hidden))) runner.setState(name, data);
  const evaluator = await runner.evaluator(buildLongonLossGraph(c.features, c.hidden, c.testSamples), { threads: 1 });
  const x = new Float32Array(stepsPerRun * c.batch * c.features);
  const params = () => ({ W: copyState(runner, 'W', [c.features, c.hidden]), b: copyState(runner, 'b', [c.features]) });

  const measure = async (step: number, run?: Record<string, TypedArray>): Promise<ModelRecord> => {
    const record: ModelRecord = {
      step,
      loss: Number((await evaluator.run({ x: testInputs })).loss[0]),
      fractionRepresented: rowGeometry(params().W, c.representedThreshold).fractionRepresented,
    };
    if (run) record.batchLoss = (run.loss as Float32Array).reduce((a, b) => a + b, 0) / run.loss.length;
    return record;
  };
  return trainLoop({
    preset,
    config: c,
    steps: c.steps,
    runner,
    feeds: () => ({ x: sampler.fill(x), lr: c.lr }),
    recordAt: (step) => step % c.recordEvery === 0,
    measure,
    params,
    close: async () => {
      await evaluator.release();
      await runner.release();
    },
  }, options);
}

export const longonPreset: ToyModelPreset = {
  name: 'longon-tms',
  summary: 'toy model of superposition with a ReLU hidden layer, 64 features in 32 neurons (Longon, Klindt & Khosla)',
  defaults: LONGON_DEFAULTS,
  train: trainLongon,
};
