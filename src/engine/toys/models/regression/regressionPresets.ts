import { Rng } from '../../../util/random';
import { nonNegativeInteger } from '../configRange';
import { modelRng } from '../modelRandom';
import { PresetConfig, numeric, positiveInteger } from '../presetConfig';
import { resolveTrainConfig } from '../trainingLoop';
import { ToyModelPreset } from '../types';
import { normalCrossingLearningCoefficient, reducedRankLearningCoefficient, regularLearningCoefficient } from './learningCoefficients';
import { RegressionData, linearRegressionData, normalCrossingData, polynomialData, reducedRankData } from './regressionData';
import { fitRegression } from './regressionFit';
import { RegressionModel, linearRegressionModel, normalCrossingModel, polynomialModel, reducedRankModel } from './regressionModels';

/** A regression toy: its model, its data and the learning coefficient theory gives at its optimum. */
export interface RegressionFamily<C extends PresetConfig> {
  name: string;
  summary: string;
  defaults: C;
  check(c: C): void;
  model(c: C): RegressionModel;
  data(c: C, rng: Rng): RegressionData;
  learningCoefficient(c: C): number;
}

interface FitConfig extends PresetConfig {
  rows: number;
  steps: number;
  lr: number;
  recordEvery: number;
}

function checkFit(preset: string, c: FitConfig): void {
  for (const key of ['rows', 'recordEvery']) positiveInteger(preset, c, key);
  if (!(numeric(preset, c, 'lr') > 0)) throw new Error(`${preset}: lr must be positive`);
}

function checkNoise(preset: string, c: PresetConfig, key: string): void {
  if (!(numeric(preset, c, key) >= 0)) throw new Error(`${preset}: ${key} must be ≥ 0`);
}

export interface LinearRegressionConfig extends FitConfig {
  inputDim: number;
  noise: number;
}

/** dynamics-methods §6 target 1 (n = 1000, noise 0.5) at d = 5. */
export const linearRegressionFamily: RegressionFamily<LinearRegressionConfig> = {
  name: 'linear-regression',
  summary: 'linear regression y = wᵀx + noise, a regular model with learning coefficient d/2',
  defaults: { inputDim: 5, rows: 1000, noise: 0.5, steps: 3000, lr: 0.01, recordEvery: 100 },
  check(c) {
    checkFit(this.name, c);
    positiveInteger(this.name, c, 'inputDim');
    checkNoise(this.name, c, 'noise');
  },
  model: (c) => linearRegressionModel(c.inputDim),
  data: (c, rng) => linearRegressionData(rng, c.rows, c.inputDim, c.noise),
  learningCoefficient: (c) => regularLearningCoefficient(c.inputDim),
};

export interface ReducedRankConfig extends FitConfig {
  inputs: number;
  hidden: number;
  outputs: number;
  /** Rank r of the teacher, at most the hidden width (the learning coefficient is for realisable teachers). */
  rank: number;
  noise: number;
}

/** §6 target 3: M = N = 6, n = 500, noise-free, full-batch Adam 1e-2 × 20 000 steps; here H = r = 3. */
export const reducedRankFamily: RegressionFamily<ReducedRankConfig> = {
  name: 'rrr',
  summary: 'reduced-rank regression f(x) = BAx with a rank-r teacher; learning coefficient by Aoyagi & Watanabe',
  defaults: { inputs: 6, hidden: 3, outputs: 6, rank: 3, rows: 500, noise: 0, steps: 20000, lr: 0.01, recordEvery: 1000 },
  check(c) {
    checkFit(this.name, c);
    for (const key of ['inputs', 'hidden', 'outputs']) positiveInteger(this.name, c, key);
    nonNegativeInteger(this.name, c, 'rank');
    if (c.rank > Math.min(c.inputs, c.hidden, c.outputs)) throw new Error(`${this.name}: rank must be at most min(inputs, hidden, outputs)`);
    checkNoise(this.name, c, 'noise');
  },
  model: (c) => reducedRankModel(c.inputs, c.hidden, c.outputs),
  data: (c, rng) => reducedRankData(rng, c.rows, c.inputs, c.outputs, c.rank, c.noise),
  learningCoefficient: (c) => reducedRankLearningCoefficient(c.inputs, c.hidden, c.outputs, c.rank),
};

export interface NormalCrossingConfig extends FitConfig {
  /** k₁ and k₂ of f(x; w) = x·w₁^k₁·w₂^k₂ (devinterp's two-parameter cases). */
  power1: number;
  power2: number;
  inputStd: number;
  noise: number;
}

/** §2.2's devinterp setting: x ~ N(0, 2²), y = 0.25·N(0, 1), n = 1000; powers (1, 2) give λ = 1/4. */
export const normalCrossingFamily: RegressionFamily<NormalCrossingConfig> = {
  name: 'normal-crossing',
  summary: 'normal-crossing singularity f(x; w) = x·w₁^k₁·w₂^k₂ fitted to noise; learning coefficient 1/(2·max k)',
  defaults: { power1: 1, power2: 2, rows: 1000, inputStd: 2, noise: 0.25, steps: 3000, lr: 0.01, recordEvery: 100 },
  check(c) {
    checkFit(this.name, c);
    nonNegativeInteger(this.name, c, 'power1');
    nonNegativeInteger(this.name, c, 'power2');
    if (c.power1 + c.power2 === 0) throw new Error(`${this.name}: at least one power must be ≥ 1`);
    checkNoise(this.name, c, 'inputStd');
    checkNoise(this.name, c, 'noise');
  },
  model: (c) => normalCrossingModel([c.power1, c.power2]),
  data: (c, rng) => normalCrossingData(rng, c.rows, c.inputStd, c.noise),
  learningCoefficient: (c) => normalCrossingLearningCoefficient([c.power1, c.power2]).lambda,
};

export interface PolynomialConfig extends FitConfig {
  degree: number;
  /** x ~ U(−halfWidth, halfWidth): the narrower, the more nearly singular the fit at finite n. */
  halfWidth: number;
  noise: number;
}

/**
 * §6 target 4: a noise-free degree-10 teacher, n = 500, on [−1, 1]. Linear in its coefficients, so λ = (degree + 1)/2;
 * estimates fall below it, more so on narrower domains. Least squares fits it exactly; Adam here is slow on
 * the ill-conditioned high powers.
 */
export const polynomialFamily: RegressionFamily<PolynomialConfig> = {
  name: 'polynomial',
  summary: 'polynomial regression f(x) = Σ a_i x^i on x ~ U(−h, h); regular, learning coefficient (degree + 1)/2',
  defaults: { degree: 10, halfWidth: 1, rows: 500, noise: 0, steps: 20000, lr: 0.01, recordEvery: 1000 },
  check(c) {
    checkFit(this.name, c);
    nonNegativeInteger(this.name, c, 'degree');
    if (!(numeric(this.name, c, 'halfWidth') > 0)) throw new Error(`${this.name}: halfWidth must be positive`);
    checkNoise(this.name, c, 'noise');
  },
  model: (c) => polynomialModel(c.degree),
  data: (c, rng) => polynomialData(rng, c.rows, c.degree, c.halfWidth, c.noise),
  learningCoefficient: (c) => regularLearningCoefficient(c.degree + 1),
};

/**
 * The model, data and theoretical λ of a preset run with this config and seed: what an LLC estimate at the
 * run's final weights needs (the data are regenerated from the seed, not stored in checkpoints). Training
 * is full-batch, so the data set is the one batch and comes from the seed's 'batches' stream.
 */
export function regressionProblem<C extends PresetConfig>(family: RegressionFamily<C>, config: C, seed: number) {
  family.check(config);
  return { model: family.model(config), data: family.data(config, modelRng(seed, 'batches')), learningCoefficient: family.learningCoefficient(config) };
}

function regressionPreset<C extends FitConfig>(family: RegressionFamily<C>): ToyModelPreset {
  return {
    name: family.name,
    summary: family.summary,
    defaults: family.defaults,
    train: async (options) => {
      const config = resolveTrainConfig(family.name, family.defaults, options);
      const { model, data } = regressionProblem(family, config, options.seed);
      return fitRegression({ preset: family.name, config, model, data, steps: config.steps, lr: config.lr, recordEvery: config.recordEvery }, options);
    },
  };
}

export const regressionPresets: ToyModelPreset[] = [
  regressionPreset(linearRegressionFamily),
  regressionPreset(reducedRankFamily),
  regressionPreset(normalCrossingFamily),
  regressionPreset(polynomialFamily),
];
