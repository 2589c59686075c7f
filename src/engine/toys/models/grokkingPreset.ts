import { grad } from '../../graph/autodiff';
import { Graph } from '../../graph/graph';
import { add, mul } from '../../graph/ops/elementwise';
import { crossEntropy } from '../../graph/ops/nn';
import { reduceSum } from '../../graph/ops/reduce';
import { adam } from '../../graph/optim';
import { StepRunner, TypedArray } from '../../graph/runner';
import { GrokkingMlpShape, declareGrokkingMlp, grokkingLogits, grokkingMlpShapes, initGrokkingMlp, perSampleCorrect, perSampleCrossEntropy } from './grokkingMlp';
import { ModularArithmeticBatches } from './modularArithmeticBatches';
import { ModularArithmeticData, concatenateExamples, modularArithmeticData } from './modularArithmeticData';
import { modelRng } from './modelRandom';
import { numeric, positiveInteger } from './presetConfig';
import { copyState, resolveTrainConfig, runLength, trainLoop } from './trainingLoop';
import { ModelRecord, NamedTensor, ToyModelPreset, ToyModelRun, ToyModelTrainOptions } from './types';

export interface GrokkingConfig extends Record<string, number | string | boolean> {
  modulus: number;
  trainFraction: number;
  embedding: number;
  hidden: number;
  batch: number;
  lr: number;
  /** L2 weight decay added to the gradient (torch `Adam(weight_decay=…)`), not AdamW's decoupled decay. */
  weightDecay: number;
  steps: number;
  /** Train and validation loss and accuracy are measured every this many steps. */
  evalEvery: number;
}

/**
 * (a + b) mod p with the MLP, optimiser, batch and split of `stan/kramers.py` (Lakkapragada 2025; devinterp's
 * grokking example), at the paper's p = 53: memorisation takes 2–3 thousand steps (about a second here), and
 * a full 25 000-step run takes seconds, so the paper's own modulus is small enough.
 */
export const GROKKING_DEFAULTS: GrokkingConfig = {
  modulus: 53,
  trainFraction: 0.4,
  embedding: 12,
  hidden: 48,
  batch: 128,
  lr: 5e-3,
  weightDecay: 2e-4,
  steps: 25000,
  evalEvery: 100,
};

const STEPS_PER_RUN = 50;

/** One Adam step on a batch: stacked int64 inputs `a`, `b`, `labels` [B], scalar `lr`; metric `loss`. */
export function grokkingTrainingGraph(c: GrokkingConfig): Graph {
  const g = new Graph('grokking');
  const a = g.input('a', 'int64', [c.batch]);
  const b = g.input('b', 'int64', [c.batch]);
  const labels = g.input('labels', 'int64', [c.batch]);
  const lr = g.input('lr', 'float32', []);
  const w = declareGrokkingMlp(g, shapeOf(c), 'param');
  const loss = crossEntropy(grokkingLogits(w, a, b), labels);
  const params = Object.values(w);
  // torch's Adam(weight_decay=λ) adds λw to the gradient: the gradient of (λ/2)‖w‖², written into the objective
  // rather than passed as adam's weightDecay. With adam's option, the engine's Gemm-bias fusion folds the λw
  // term, created after the gradient Gemm, into that Gemm, which then reads a value computed later: ORT
  // refuses such a Loop body. Built after the loss, these terms' gradients precede the Gemms they join.
  const objective = add(loss, mul(params.map((p) => reduceSum(mul(p, p))).reduce((x, y) => add(x, y)), c.weightDecay / 2));
  adam(params, grad(objective, params), { lr });
  g.output('loss', loss);
  return g;
}

/** Per-example loss and correctness of n examples at the weights fed (or shared from a runner) under their names. */
export function grokkingEvaluationGraph(s: GrokkingMlpShape, n: number): Graph {
  const g = new Graph('grokking_eval');
  const a = g.input('a', 'int64', [n]);
  const b = g.input('b', 'int64', [n]);
  const labels = g.input('labels', 'int64', [n]);
  const logits = grokkingLogits(declareGrokkingMlp(g, s, 'input'), a, b);
  g.output('losses', perSampleCrossEntropy(logits, labels));
  g.output('correct', perSampleCorrect(logits, labels));
  return g;
}

const shapeOf = (c: GrokkingConfig): GrokkingMlpShape => ({ modulus: c.modulus, embedding: c.embedding, hidden: c.hidden });

/** The training and validation split a run with this config and seed trains and measures on. */
export function grokkingData(c: GrokkingConfig, seed: number): ModularArithmeticData {
  return modularArithmeticData(c.modulus, c.trainFraction, modelRng(seed, 'split'));
}

function checkConfig(preset: string, c: GrokkingConfig, data: ModularArithmeticData): void {
  for (const key of ['modulus', 'embedding', 'hidden', 'batch', 'evalEvery']) positiveInteger(preset, c, key);
  if (!(numeric(preset, c, 'lr') > 0)) throw new Error(`${preset}: lr must be positive`);
  if (!(numeric(preset, c, 'weightDecay') >= 0)) throw new Error(`${preset}: weightDecay must be ≥ 0`);
  if (c.batch > data.train.size) throw new Error(`${preset}: batch ${c.batch} exceeds the ${data.train.size} training examples (modulus ${c.modulus}, trainFraction ${c.trainFraction})`);
}

/** Mean of `values` over [from, to). */
function meanOf(values: TypedArray, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += Number(values[i]);
  return sum / (to - from);
}

/**
 * Train the MLP on the seed's split. Records every `evalEvery` steps (and at the first and last step):
 * `trainLoss`, `trainAccuracy`, `validationLoss`, `validationAccuracy` on the whole sets, and `batchLoss`
 * (mean training-batch loss over the steps since the last record).
 */
export async function trainGrokking(preset: string, defaults: GrokkingConfig, options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const c = resolveTrainConfig(preset, defaults, options);
  const data = grokkingData(c, options.seed);
  checkConfig(preset, c, data);
  const shapes = grokkingMlpShapes(shapeOf(c));
  const stepsPerRun = runLength(STEPS_PER_RUN, c.steps, options.checkpointEvery, c.evalEvery);
  const runner = await StepRunner.create(grokkingTrainingGraph(c), { stepsPerRun, stacked: ['a', 'b', 'labels'], threads: 1 });
  for (const [name, values] of Object.entries(initGrokkingMlp(shapeOf(c), modelRng(options.seed, 'init')))) runner.setState(name, values);
  const all = concatenateExamples(data.train, data.validation);
  const evaluator = await runner.evaluator(grokkingEvaluationGraph(shapeOf(c), all.size), { threads: 1 });
  const sampler = new ModularArithmeticBatches(data.train, c.batch, stepsPerRun, modelRng(options.seed, 'batches'));
  let batchLosses: number[] = [];

  const measure = async (step: number, run?: Record<string, TypedArray>): Promise<ModelRecord> => {
    const { losses, correct } = await evaluator.run({ a: all.a, b: all.b, labels: all.labels });
    const n = data.train.size;
    const record: ModelRecord = {
      step,
      trainLoss: meanOf(losses, 0, n),
      trainAccuracy: meanOf(correct, 0, n),
      validationLoss: meanOf(losses, n, all.size),
      validationAccuracy: meanOf(correct, n, all.size),
    };
    if (run) record.batchLoss = batchLosses.reduce((s, v) => s + v, 0) / batchLosses.length;
    batchLosses = [];
    return record;
  };
  return trainLoop({
    preset,
    config: c,
    steps: c.steps,
    runner,
    feeds: () => {
      sampler.fill();
      return { a: sampler.a, b: sampler.b, labels: sampler.labels, lr: c.lr };
    },
    recordAt: (step) => step % c.evalEvery === 0,
    afterRun: (metrics) => batchLosses.push(...Array.from(metrics.loss as Float32Array)),
    measure,
    params: (): Record<string, NamedTensor> => Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, copyState(runner, name, shape)])),
    close: async () => {
      await evaluator.release();
      await runner.release();
    },
  }, options);
}

export const grokkingPresets: ToyModelPreset[] = [
  {
    name: 'grokking',
    summary: 'MLP on (a + b) mod p with Adam and L2 weight decay: memorises the 40 % training split, may grok later (Lakkapragada 2025)',
    defaults: GROKKING_DEFAULTS,
    train: (options) => trainGrokking('grokking', GROKKING_DEFAULTS, options),
  },
];
