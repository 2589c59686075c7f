import { Evaluator, StepRunner } from '../../../graph/runner';
import { modelRng, modelSeed } from '../modelRandom';
import { PresetConfig } from '../presetConfig';
import { copyState, runLength, trainLoop } from '../trainingLoop';
import { NamedTensor, ToyModelRun, ToyModelTrainOptions } from '../types';
import { RegressionData } from './regressionData';
import { buildRegressionEvaluationGraph, buildRegressionTrainingGraph } from './regressionLoss';
import { RegressionModel } from './regressionModels';

export interface RegressionFitJob {
  /** Names the run in records, logs and checkpoints. */
  preset: string;
  config: PresetConfig;
  model: RegressionModel;
  data: RegressionData;
  steps: number;
  lr: number;
  recordEvery: number;
}

/** Full-batch steps on a few thousand numbers: call overhead would dominate one-step runs. */
const STEPS_PER_RUN = 50;

/**
 * Trains to the minimum of L_n as the spec's references do: full-batch Adam (PyTorch defaults) at a fixed
 * learning rate from `model.initial` under the run's seed. Records `loss`, L_n at the weights after each
 * recorded step. Parameters as the model names them.
 */
export async function fitRegression(job: RegressionFitJob, options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const { model, data } = job;
  const stepsPerRun = runLength(STEPS_PER_RUN, job.steps, job.recordEvery, options.checkpointEvery);
  const runner = await StepRunner.create(buildRegressionTrainingGraph(model, data.rows), { stepsPerRun, seed: modelSeed(options.seed, 'steps'), threads: 1 });
  for (const [name, values] of Object.entries(model.initial(modelRng(options.seed, 'init')))) runner.setState(name, values);
  const evaluator = await runner.evaluator(buildRegressionEvaluationGraph(model, data.rows), { threads: 1 });
  return trainLoop({
    preset: job.preset,
    config: job.config,
    steps: job.steps,
    runner,
    feeds: () => ({ x: data.x, y: data.y, lr: job.lr }),
    recordAt: (step) => step % job.recordEvery === 0,
    measure: async (step) => ({ step, loss: Number((await evaluator.run({ x: data.x, y: data.y })).loss[0]) }),
    params: () => Object.fromEntries(model.params.map((p) => [p.name, copyState(runner, p.name, p.shape)])),
    close: async () => {
      await evaluator.release();
      await runner.release();
    },
  }, options);
}

/** L_n and the per-sample losses of `data` at the given weights. */
export async function evaluateRegression(model: RegressionModel, data: RegressionData, params: Record<string, NamedTensor>): Promise<{ loss: number; perSample: Float32Array }> {
  const evaluator = await Evaluator.create(buildRegressionEvaluationGraph(model, data.rows), { threads: 1 });
  try {
    const weights = Object.fromEntries(model.params.map((p) => [p.name, params[p.name].data]));
    const out = await evaluator.run({ x: data.x, y: data.y, ...weights });
    return { loss: Number(out.loss[0]), perSample: Float32Array.from(out.per_sample as Float32Array) };
  } finally {
    await evaluator.release();
  }
}
