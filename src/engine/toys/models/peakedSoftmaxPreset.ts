import { grad } from '../../graph/autodiff';
import { Graph } from '../../graph/graph';
import { reduceMean } from '../../graph/ops/reduce';
import { adam, sgd } from '../../graph/optim';
import { Evaluator, StepRunner, TypedArray } from '../../graph/runner';
import { modelRng, modelSeed } from './modelRandom';
import { logGridPointIn } from './logSpacedSteps';
import { positiveInteger, numeric } from './presetConfig';
import { RMS_NORM_EPS, peakedSoftmaxKl, rmsNorm } from './peakedSoftmaxGraph';
import { centredAlignment, initPeakedSoftmaxTeacher, normalisedGaussianInputs, teacherLogitStd } from './peakedSoftmaxTeacher';
import { copyState, resolveTrainConfig, runLength, trainLoop } from './trainingLoop';
import { ModelRecord, ToyModelPreset, ToyModelRun, ToyModelTrainOptions } from './types';

export interface PeakedSoftmaxConfig extends Record<string, number | string | boolean> {
  vocab: number;
  width: number;
  /** Teacher temperature T: its logits are x̂ W_Tᵀ / T. */
  temperature: number;
  batch: number;
  lr: number;
  steps: number;
  optimizer: 'sgd' | 'adam';
  /** Size of the fixed test set the recorded loss is measured on. */
  testSamples: number;
  recordsPerDecade: number;
}

/** Liu et al.'s head teacher–student (`liuyz0/TimeScaling exp-1`), zero-initialised student, online Gaussian inputs. */
const MODEL = { vocab: 128, width: 32, testSamples: 4096, recordsPerDecade: 25 };

/** Plain SGD at lr 10 on a very peaked teacher (β* ≈ 577): the setting whose loss exponent is cleanly ≈ 1/3. */
export const PEAKED_SOFTMAX_DEFAULTS: PeakedSoftmaxConfig = { ...MODEL, temperature: 0.001, batch: 128, lr: 10, steps: 5000, optimizer: 'sgd' };

/** The Adam variant of the paper's grid; small runs give exponents between 1/3 and 1/2. */
export const PEAKED_SOFTMAX_ADAM_DEFAULTS: PeakedSoftmaxConfig = { ...MODEL, temperature: 0.001, batch: 256, lr: 0.03, steps: 20000, optimizer: 'adam' };

/** Steps per ORT run: a step is a few MFLOP, so call overhead would dominate one-step runs. */
const STEPS_PER_RUN = 25;

/**
 * One training step on a fresh batch x ~ N(0, I_d) (a noise input, so the runner's seeded generator draws it):
 * inputs `teacher` [V, d] and `lr`; parameter `student` [V, d]; metric `loss` (batch KL before the step).
 */
export function peakedSoftmaxTrainingGraph(c: PeakedSoftmaxConfig): Graph {
  const g = new Graph('peaked_softmax');
  const x = g.noise('x', [c.batch, c.width]);
  const teacher = g.input('teacher', 'float32', [c.vocab, c.width]);
  const lr = g.input('lr', 'float32', []);
  const student = g.param('student', [c.vocab, c.width]);
  const loss = reduceMean(peakedSoftmaxKl(rmsNorm(x), teacher, student, c.temperature));
  const grads = grad(loss, [student]);
  if (c.optimizer === 'adam') adam([student], grads, { lr });
  else sgd([student], grads, { lr });
  g.output('loss', loss);
  return g;
}

/** Mean KL on given normalised inputs `xhat` [n, d]; `student` is read from a runner's state when shared. */
export function peakedSoftmaxLossGraph(c: PeakedSoftmaxConfig, n: number): Graph {
  const g = new Graph('peaked_softmax_loss');
  const xhat = g.input('xhat', 'float32', [n, c.width]);
  const teacher = g.input('teacher', 'float32', [c.vocab, c.width]);
  const student = g.input('student', 'float32', [c.vocab, c.width]);
  g.output('loss', reduceMean(peakedSoftmaxKl(xhat, teacher, student, c.temperature)));
  return g;
}

function checkConfig(preset: string, c: PeakedSoftmaxConfig): void {
  for (const key of ['vocab', 'width', 'batch', 'testSamples', 'recordsPerDecade']) positiveInteger(preset, c, key);
  if (!(numeric(preset, c, 'temperature') > 0)) throw new Error(`${preset}: temperature must be positive`);
  if (!(numeric(preset, c, 'lr') > 0)) throw new Error(`${preset}: lr must be positive`);
}

/**
 * Train the student from zero. Records, at log-spaced steps: `loss` (KL on a fixed test set), `batchLoss`
 * (the last training batch's KL), `beta` (the student's inverse temperature, its centred component along the
 * teacher times the teacher's logit std), `betaStar` (the teacher's, logit std / T) and `cosine` (centred
 * alignment with the teacher). Parameters: `student`, and the frozen `teacher`.
 */
export async function trainPeakedSoftmax(preset: string, defaults: PeakedSoftmaxConfig, options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const c = resolveTrainConfig(preset, defaults, options);
  checkConfig(preset, c);
  const shape = [c.vocab, c.width];
  const teacher = initPeakedSoftmaxTeacher(c.vocab, c.width, modelRng(options.seed, 'init'));
  const testInputs = normalisedGaussianInputs(c.testSamples, c.width, modelRng(options.seed, 'test'), RMS_NORM_EPS);
  const logitStd = teacherLogitStd(teacher, testInputs, c.vocab, c.width);
  const stepsPerRun = runLength(STEPS_PER_RUN, c.steps, options.checkpointEvery);
  // One intra-op thread: these kernels are too small to gain from fork/join, and results stay bit-reproducible.
  const runner = await StepRunner.create(peakedSoftmaxTrainingGraph(c), { stepsPerRun, seed: modelSeed(options.seed, 'steps'), threads: 1 });
  const evaluator: Evaluator = await runner.evaluator(peakedSoftmaxLossGraph(c, c.testSamples), { threads: 1 });

  const measure = async (step: number, run?: Record<string, TypedArray>): Promise<ModelRecord> => {
    const loss = Number((await evaluator.run({ xhat: testInputs, teacher })).loss[0]);
    const { ratio, cosine } = centredAlignment(runner.state('student') as Float32Array, teacher, c.vocab, c.width);
    const record: ModelRecord = { step, loss, beta: ratio * logitStd, betaStar: logitStd / c.temperature, cosine };
    if (run) record.batchLoss = Number(run.loss[run.loss.length - 1]);
    return record;
  };
  return trainLoop({
    preset,
    config: c,
    steps: c.steps,
    runner,
    feeds: () => ({ teacher, lr: c.lr }),
    recordAt: (step) => logGridPointIn(step - stepsPerRun, step, c.recordsPerDecade),
    measure,
    params: () => ({ student: copyState(runner, 'student', shape), teacher: { shape, data: teacher.slice() } }),
    close: async () => {
      await evaluator.release();
      await runner.release();
    },
  }, options);
}

export const peakedSoftmaxPresets: ToyModelPreset[] = [
  {
    name: 'peaked-softmax',
    summary: 'softmax head learning a very peaked teacher with SGD: test loss falls as t^(−1/3) (Liu et al. 2026)',
    defaults: PEAKED_SOFTMAX_DEFAULTS,
    train: (options) => trainPeakedSoftmax('peaked-softmax', PEAKED_SOFTMAX_DEFAULTS, options),
  },
  {
    name: 'peaked-softmax-adam',
    summary: 'the peaked-softmax learner trained with Adam: loss exponent between 1/3 and 1/2 in small runs',
    defaults: PEAKED_SOFTMAX_ADAM_DEFAULTS,
    train: (options) => trainPeakedSoftmax('peaked-softmax-adam', PEAKED_SOFTMAX_ADAM_DEFAULTS, options),
  },
];
