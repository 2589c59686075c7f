import { grokkingBatchLoss } from '../../toys/models/grokkingBatchLoss';
import { grokkingMlpShapes } from '../../toys/models/grokkingMlp';
import { GrokkingConfig, grokkingData } from '../../toys/models/grokkingPreset';
import { RegressionData } from '../../toys/models/regression/regressionData';
import { RegressionModel } from '../../toys/models/regression/regressionModels';
import {
  LinearRegressionConfig, NormalCrossingConfig, PolynomialConfig, ReducedRankConfig, linearRegressionFamily, normalCrossingFamily, polynomialFamily, reducedRankFamily,
  regressionProblem,
} from '../../toys/models/regression/regressionPresets';
import { dlnSampledModel } from '../influence/dlnPosterior';
import type { SgldDataSet } from '../slt/sgldData';
import type { LossGraphBuilder, SgldParam } from '../slt/sgldGraph';
import { regressionSampling } from '../slt/regressionSampling';
import { ToyRun } from './toyRun';

/** Sampler settings a family's checkpoints are sampled with unless the caller overrides them. */
export interface CheckpointSgldDefaults {
  epsilon?: number;
  localization?: number;
  /** n·β; the sampler's n/ln n when absent. */
  nbeta?: number;
  chains?: number;
  draws?: number;
  burnIn?: number;
  /** Minibatch rows; the sampler's default when absent. */
  batch?: number;
}

/** What the local posterior at any checkpoint of a run is sampled from. */
export interface CheckpointSampling {
  /** n: the training examples L_n averages over (the free energy's n). */
  n: number;
  data: SgldDataSet;
  loss: LossGraphBuilder;
  /** w* of a checkpoint of the run, as the sampler's parameters. */
  params(index: number): SgldParam[];
  defaults: CheckpointSgldDefaults;
  /** The record key of the run's training-loss curve (the curve stages are detected on). */
  lossKey: string;
  /** Where `defaults` come from. */
  defaultsSource: string;
}

interface RegressionCheckpoints {
  rebuild(config: ToyRun['config'], seed: number): { model: RegressionModel; data: RegressionData };
  /** The sampler settings of the family's validation target in dynamics-methods §6, full batch as there. */
  defaults: Omit<CheckpointSgldDefaults, 'batch'>;
  target: string;
}

/** The regression presets' model and data from a checkpoint's config (checked by the family) and seed. */
const REGRESSIONS: Record<string, RegressionCheckpoints> = {
  [linearRegressionFamily.name]: {
    rebuild: (c, seed) => regressionProblem(linearRegressionFamily, c as LinearRegressionConfig, seed),
    defaults: { epsilon: 1e-4, localization: 1, chains: 4, draws: 2000, burnIn: 500 },
    target: 'target 1',
  },
  [normalCrossingFamily.name]: {
    rebuild: (c, seed) => regressionProblem(normalCrossingFamily, c as NormalCrossingConfig, seed),
    defaults: { epsilon: 1e-4, localization: 1, chains: 4, draws: 4000, burnIn: 1000 },
    target: 'target 2',
  },
  [reducedRankFamily.name]: {
    rebuild: (c, seed) => regressionProblem(reducedRankFamily, c as ReducedRankConfig, seed),
    defaults: { epsilon: 1e-3, localization: 1, chains: 4, draws: 3000, burnIn: 1000 },
    target: 'target 3',
  },
  [polynomialFamily.name]: {
    rebuild: (c, seed) => regressionProblem(polynomialFamily, c as PolynomialConfig, seed),
    defaults: { epsilon: 1e-3, localization: 1, chains: 4, draws: 2000, burnIn: 500 },
    target: 'target 4 (paper 2 Q2.1: ε 10⁻³, γ 1)',
  },
};

export const SAMPLED_PRESETS = [...Object.keys(REGRESSIONS), 'dln', 'grokking'];

/** The sampler settings of a regression preset's §6 validation target (to run full batch), or undefined for other presets. */
export function regressionSamplerDefaults(preset: string): Omit<CheckpointSgldDefaults, 'batch'> | undefined {
  return Object.hasOwn(REGRESSIONS, preset) ? { ...REGRESSIONS[preset].defaults } : undefined;
}

/** The checkpoint's parameters under the names and shapes the model declares, or an error naming the file. */
function checkpointParams(run: ToyRun, index: number, shapes: Record<string, readonly number[]>): SgldParam[] {
  const { file, checkpoint } = run.checkpoints[index];
  return Object.entries(shapes).map(([name, shape]) => {
    const t = checkpoint.params[name];
    if (!t || t.shape.join() !== shape.join()) throw new Error(`${file}: parameter ${name} should be [${shape.join(', ')}], found ${t ? `[${t.shape.join(', ')}]` : 'none'}`);
    return { name, shape, value: t.data };
  });
}

function seedOf(run: ToyRun): number {
  const seed = run.config.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new Error(`${run.checkpoints[0].file}: the checkpoint's config has no integer seed, so its data cannot be rebuilt`);
  return seed;
}

/**
 * The sampling problem of a run's family, with its data rebuilt from the configuration and seed stored in the
 * checkpoints. Sampler defaults: grokking takes paper 2's Q1.1 settings (ε 3·10⁻³, γ 5, nβ 2, 3 chains × 500
 * draws, batch 128); the deep linear network the spec's §5.2 sampler (full batch, ε 10⁻⁴, γ 1000, nβ 100,
 * 4 chains × 400 draws after 100); each regression family the settings of its §6 validation target (full
 * batch, nβ = n/ln n): a minibatch's gradient noise, scaled by nβ, inflates λ̂ on these small problems.
 */
export function checkpointSampling(run: ToyRun): CheckpointSampling {
  const regression = Object.hasOwn(REGRESSIONS, run.preset) ? REGRESSIONS[run.preset] : undefined;
  if (regression) {
    const { model, data } = regression.rebuild(run.config, seedOf(run));
    const shapes = Object.fromEntries(model.params.map((p) => [p.name, p.shape]));
    const sampling = (index: number) => regressionSampling(model, data, Object.fromEntries(checkpointParams(run, index, shapes).map((p) => [p.name, p.value])));
    const { data: columns, loss } = sampling(0);
    return {
      n: data.rows,
      data: columns,
      loss,
      params: (index) => sampling(index).params,
      defaults: { ...regression.defaults, batch: data.rows },
      lossKey: 'loss',
      defaultsSource: `dynamics-methods §6 ${regression.target}, full batch`,
    };
  }
  if (run.preset === 'dln') {
    const sampled = (index: number) => dlnSampledModel(run.checkpoints[index].checkpoint, run.checkpoints[index].file);
    const { data, loss } = sampled(0);
    return {
      n: data.rows,
      data,
      loss,
      params: (index) => sampled(index).params,
      defaults: { epsilon: 1e-4, localization: 1000, nbeta: 100, chains: 4, draws: 400, burnIn: 100, batch: data.rows },
      lossKey: 'loss',
      defaultsSource: 'dynamics-methods §5.2 (the deep linear network sampler)',
    };
  }
  if (run.preset === 'grokking') {
    const config = run.config as GrokkingConfig;
    const { train } = grokkingData(config, seedOf(run));
    const shapes = grokkingMlpShapes({ modulus: config.modulus, embedding: config.embedding, hidden: config.hidden });
    const column = (values: BigInt64Array) => ({ dtype: 'int64' as const, shape: [], values });
    return {
      n: train.size,
      data: { rows: train.size, columns: { a: column(train.a), b: column(train.b), labels: column(train.labels) } },
      loss: grokkingBatchLoss,
      params: (index) => checkpointParams(run, index, shapes),
      defaults: { epsilon: 3e-3, localization: 5, nbeta: 2, chains: 3, draws: 500, burnIn: 0, batch: Math.min(128, train.size) },
      lossKey: 'trainLoss',
      defaultsSource: 'paper 2, Q1.1 (dynamics-methods §2.3)',
    };
  }
  throw new Error(`${run.dir}: LLC across checkpoints supports ${SAMPLED_PRESETS.join(', ')}; '${run.preset}' is not one of them (it has no fixed training set to sample the posterior of)`);
}
