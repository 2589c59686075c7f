import { grad } from '../../graph/autodiff';
import { Graph } from '../../graph/graph';
import { reduceMean } from '../../graph/ops/reduce';
import { sgd } from '../../graph/optim';
import { StepRunner } from '../../graph/runner';
import { deepLinearPerSampleLosses, effectiveInitialProgress, linearMap, modeProgress, sigmoidalGroupProgress } from './deepLinearNetwork';
import { HierarchicalData, hierarchicalData } from './hierarchicalData';
import { modelRng } from './modelRandom';
import { numeric, positiveInteger } from './presetConfig';
import { copyState, resolveTrainConfig, runLength, trainLoop } from './trainingLoop';
import { ModelRecord, ToyModelPreset, ToyModelRun, ToyModelTrainOptions } from './types';

export interface DeepLinearConfig extends Record<string, number | string | boolean> {
  /** Depth of the binary tree: 2^depth items, 2^(depth+1) − 1 features. */
  depth: number;
  hidden: number;
  /** Standard deviation of the Gaussian initial weights. */
  initStd: number;
  lr: number;
  steps: number;
  recordEvery: number;
}

/** The spec's reconstruction of Lee et al.'s toy: 8 items, H = 16, N(0, 1e-3²) init, full-batch GD at lr 0.02. */
export const DEEP_LINEAR_DEFAULTS: DeepLinearConfig = { depth: 3, hidden: 16, initStd: 1e-3, lr: 0.02, steps: 3000, recordEvery: 10 };

const STEPS_PER_RUN = 50;

const items = (data: HierarchicalData) => data.items.length;
const features = (data: HierarchicalData) => data.features.length;

/** Full-batch gradient descent on the mean of ℓ_i: parameters `w1` [H, n], `w2` [F, H]; input `lr`; metric `loss`. */
export function deepLinearTrainingGraph(data: HierarchicalData, hidden: number): Graph {
  const g = new Graph('deep_linear');
  const n = items(data);
  const lr = g.input('lr', 'float32', []);
  const w1 = g.param('w1', [hidden, n]);
  const w2 = g.param('w2', [features(data), hidden]);
  const targets = g.constant(data.targets, [features(data), n]);
  const all = g.constant(BigInt64Array.from({ length: n }, (_, i) => BigInt(i)), [n], 'int64');
  const loss = reduceMean(deepLinearPerSampleLosses(w1, w2, targets, all));
  sgd([w1, w2], grad(loss, [w1, w2]), { lr });
  g.output('loss', loss);
  return g;
}

/** Every item's ℓ_i at the weights fed as `w1`, `w2` (or shared from a runner). */
export function deepLinearLossesGraph(data: HierarchicalData, hidden: number): Graph {
  const g = new Graph('deep_linear_losses');
  const n = items(data);
  const w1 = g.input('w1', 'float32', [hidden, n]);
  const w2 = g.input('w2', 'float32', [features(data), hidden]);
  const targets = g.constant(data.targets, [features(data), n]);
  const all = g.constant(BigInt64Array.from({ length: n }, (_, i) => BigInt(i)), [n], 'int64');
  g.output('losses', deepLinearPerSampleLosses(w1, w2, targets, all));
  return g;
}

/**
 * Train from small Gaussian weights. Records every `recordEvery` steps: `loss` (the mean of ℓ_i),
 * `loss.<item>` for every item, `progress.<group>` (the mode progress of `modeProgress`) and
 * `sigmoid.<group>` (Saxe et al.'s analytic trajectory from the same initial weights).
 */
export async function trainDeepLinear(preset: string, defaults: DeepLinearConfig, options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const c = resolveTrainConfig(preset, defaults, options);
  for (const key of ['depth', 'hidden', 'recordEvery']) positiveInteger(preset, c, key);
  if (!(numeric(preset, c, 'lr') > 0) || !(numeric(preset, c, 'initStd') > 0)) throw new Error(`${preset}: lr and initStd must be positive`);
  const data = hierarchicalData(c.depth);
  const shapes = { w1: [c.hidden, items(data)], w2: [features(data), c.hidden] };
  const rng = modelRng(options.seed, 'init');
  const w1 = rng.fillNormal(new Float32Array(c.hidden * items(data)), c.initStd);
  const w2 = rng.fillNormal(new Float32Array(features(data) * c.hidden), c.initStd);
  const initial = effectiveInitialProgress(w1, w2, c.hidden, data);
  const stepsPerRun = runLength(STEPS_PER_RUN, c.steps, options.checkpointEvery, c.recordEvery);
  const runner = await StepRunner.create(deepLinearTrainingGraph(data, c.hidden), { stepsPerRun, threads: 1 });
  runner.setState('w1', w1);
  runner.setState('w2', w2);
  const evaluator = await runner.evaluator(deepLinearLossesGraph(data, c.hidden), { threads: 1 });

  const measure = async (step: number): Promise<ModelRecord> => {
    const { losses } = await evaluator.run();
    const record: ModelRecord = { step, loss: Array.from(losses as Float32Array).reduce((s, v) => s + v, 0) / losses.length };
    data.items.forEach((name, i) => (record[`loss.${name}`] = Number(losses[i])));
    const map = linearMap(runner.state('w1') as Float32Array, runner.state('w2') as Float32Array, c.hidden, features(data), items(data));
    const measured = modeProgress(map, data);
    const analytic = sigmoidalGroupProgress(initial, data, c.lr, step);
    data.groups.forEach((group, k) => {
      record[`progress.${group}`] = measured[k];
      record[`sigmoid.${group}`] = analytic[k];
    });
    return record;
  };
  return trainLoop({
    preset,
    config: c,
    steps: c.steps,
    runner,
    feeds: () => ({ lr: c.lr }),
    recordAt: (step) => step % c.recordEvery === 0,
    measure,
    params: () => ({ w1: copyState(runner, 'w1', shapes.w1), w2: copyState(runner, 'w2', shapes.w2) }),
    close: async () => {
      await evaluator.release();
      await runner.release();
    },
  }, options);
}

export const deepLinearPresets: ToyModelPreset[] = [
  {
    name: 'dln',
    summary: 'two-layer linear network on hierarchical data: learns one singular mode after another, strongest first (Saxe et al. 2019; Lee et al. 2025)',
    defaults: DEEP_LINEAR_DEFAULTS,
    train: (options) => trainDeepLinear('dln', DEEP_LINEAR_DEFAULTS, options),
  },
];
