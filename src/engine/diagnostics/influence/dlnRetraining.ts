import { grad } from '../../graph/autodiff';
import { Graph } from '../../graph/graph';
import { mul } from '../../graph/ops/elementwise';
import { reduceSum } from '../../graph/ops/reduce';
import { sgd } from '../../graph/optim';
import { StepRunner } from '../../graph/runner';
import { deepLinearPerSampleLosses } from '../../toys/models/deepLinearNetwork';
import { deepLinearLossesGraph, type DeepLinearConfig } from '../../toys/models/deepLinearPreset';
import { hierarchicalData, type HierarchicalData } from '../../toys/models/hierarchicalData';
import { modelRng } from '../../toys/models/modelRandom';
import { runLength } from '../../toys/models/trainingLoop';

/**
 * Leave-one-out retraining of the deep-linear-network toy as ground truth for influence (Lee et al. 2025,
 * §5.2 (iii)): Δℓ^{∖i}_{j,t} = ℓ^D_{j,t} − ℓ^{D∖i}_{j,t}, the same seed and schedule with item i's term
 * removed. Positive Δ means that training on i raised ℓ_j at step t (harmful), the sign convention of BIF.
 *
 * The reduced run minimises (1/n)·Σ_{k≠i} ℓ_k, not the mean over n − 1 items: dropping i's term alone is the
 * finite version of ∂/∂β_i that the BIF is, whereas renormalising would also speed up every other item.
 */

export type DlnTrainSettings = Pick<DeepLinearConfig, 'depth' | 'hidden' | 'initStd' | 'lr'>;

const STEPS_PER_RUN = 50;

/** Full-batch GD on (1/n)·Σ_{k ∈ kept} ℓ_k; parameters `w1`, `w2`, input `lr`. */
function keptItemsTrainingGraph(data: HierarchicalData, hidden: number, kept: readonly number[]): Graph {
  const g = new Graph('deep_linear_kept');
  const n = data.items.length;
  const lr = g.input('lr', 'float32', []);
  const w1 = g.param('w1', [hidden, n]);
  const w2 = g.param('w2', [data.features.length, hidden]);
  const targets = g.constant(data.targets, [data.features.length, n]);
  const items = g.constant(BigInt64Array.from(kept, (i) => BigInt(i)), [kept.length], 'int64');
  const loss = mul(reduceSum(deepLinearPerSampleLosses(w1, w2, targets, items)), 1 / n);
  sgd([w1, w2], grad(loss, [w1, w2]), { lr });
  g.output('loss', loss);
  return g;
}

/**
 * Every item's ℓ at each of `steps` (ascending, multiples of nothing in particular) when training from the
 * `dln` preset's initialisation for `seed` without the items in `dropped`. With nothing dropped this is the
 * preset's own run.
 */
export async function dlnItemLossesWithout(settings: DlnTrainSettings, seed: number, dropped: readonly number[], steps: readonly number[]): Promise<Float64Array[]> {
  const data = hierarchicalData(settings.depth);
  const n = data.items.length;
  for (const i of dropped) if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`no item ${i} among ${n}`);
  if (steps.some((s, k) => !Number.isInteger(s) || s < 0 || (k > 0 && s <= steps[k - 1]))) throw new RangeError('steps must be ascending non-negative integers');
  const kept = data.items.map((_, i) => i).filter((i) => !dropped.includes(i));
  if (kept.length === 0) throw new RangeError('cannot drop every item');
  const rng = modelRng(seed, 'init');
  const w1 = rng.fillNormal(new Float32Array(settings.hidden * n), settings.initStd);
  const w2 = rng.fillNormal(new Float32Array(data.features.length * settings.hidden), settings.initStd);
  const stepsPerRun = runLength(STEPS_PER_RUN, ...steps.filter((s) => s > 0));
  const runner = await StepRunner.create(keptItemsTrainingGraph(data, settings.hidden, kept), { stepsPerRun, threads: 1 });
  const evaluator = await runner.evaluator(deepLinearLossesGraph(data, settings.hidden), { threads: 1 });
  try {
    runner.setState('w1', w1);
    runner.setState('w2', w2);
    const out: Float64Array[] = [];
    for (const step of steps) {
      while (runner.steps < step) await runner.step({ lr: settings.lr });
      const { losses } = await evaluator.run();
      out.push(Float64Array.from(losses as Float32Array));
    }
    return out;
  } finally {
    await evaluator.release();
    await runner.release();
  }
}
