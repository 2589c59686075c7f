import { hierarchicalData } from '../../toys/models/hierarchicalData';
import { detectLossDropStages } from '../stages/lossDropStages';
import { recordAt, recordCurve, type ToyRun } from '../stages/toyRun';
import { dlnGradientSimilarity } from './dlnFirstOrder';
import { dlnSampledModel } from './dlnPosterior';
import { dlnItemLossesWithout } from './dlnRetraining';
import { createInfluenceSampler, sampleLocalInfluence, type InfluenceSamplerSettings } from './localInfluence';
import { observedSamples, parsePairs, type InfluencePair } from './pairs';
import { markTrajectory, nearestBoundary, type MarkOptions, type TrajectoryMarks } from './trajectoryMarks';

export interface InfluenceTrajectoryOptions extends MarkOptions {
  /** `source:target` pairs, comma-separated (e.g. `dog:oak,dog:cat`). */
  pairs: string;
  sampler: InfluenceSamplerSettings;
  /** Use only checkpoints whose step is a multiple of this (default: every checkpoint). */
  every?: number;
  /** Stage boundaries (steps) to overlay; by default the loss-drop stages of the run's loss curve. */
  stageBoundaries?: number[];
  /** Retrain without each pair's source and compare (the dln toy only). */
  leaveOneOut?: boolean;
  /** |corr| both the BIF correlation and the first-order proxy must reach for their signs to be compared (default 0.15). */
  proxyMin?: number;
  onProgress?: (done: number, total: number, step: number) => void;
  signal?: AbortSignal;
  /**
   * On abort, stop sampling and report the trajectories over the checkpoints that finished (`cancelled: true`,
   * leave-one-out skipped) instead of throwing; fewer than two finished checkpoints still throw.
   */
  keepFinishedOnAbort?: boolean;
}

export interface CheckpointInfluence {
  step: number;
  file: string;
  /** The run's mode progress and losses recorded at this step. */
  record: Record<string, number>;
  divergedChains: number[];
}

export interface PairTrajectory {
  pair: string;
  source: string;
  target: string;
  steps: number[];
  /** Pearson correlation of the two loss traces per checkpoint (devinterp's default BIF form, no minus sign). */
  correlation: number[];
  /** BIF = −Cov(ℓ_source, ℓ_target) per checkpoint. */
  bif: number[];
  /** First-order proxy of the correlation, cos(∇ℓ_source, ∇ℓ_target) (dln). */
  proxyCorrelation?: number[];
  /** Checkpoints where |corr| and |proxy| both reach proxyMin, and how many of them agree in sign. */
  proxyAgreement?: { compared: number; agreeing: number };
  marks: TrajectoryMarks;
  /** Each flip and peak beside the nearest stage boundary. */
  stageOverlay: { kind: 'flip' | 'peak'; step: number; boundary: number | null; distance: number | null }[];
  /** Δℓ = ℓ_target(with source) − ℓ_target(without source) per checkpoint, and its Pearson correlation with the BIF. */
  leaveOneOut?: { delta: number[]; pearsonWithBif: number };
}

export interface InfluenceTrajectories {
  run: string;
  preset: string;
  samples: string[];
  sampler: InfluenceSamplerSettings;
  checkpoints: CheckpointInfluence[];
  pairs: PairTrajectory[];
  stages: { source: 'given' | 'loss-drop'; boundaries: number[] };
  /** Set when sampling was aborted under `keepFinishedOnAbort`: the trajectories end at the last finished checkpoint. */
  cancelled?: boolean;
}

const DEFAULT_PROXY_MIN = 0.15;

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let k = 0; k < n; k++) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) ** 2;
    syy += (y[k] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

function stageBoundaries(run: ToyRun, given: number[] | undefined): InfluenceTrajectories['stages'] {
  if (given) return { source: 'given', boundaries: [...given].sort((a, b) => a - b) };
  const curve = recordCurve(run, 'loss');
  return { source: 'loss-drop', boundaries: detectLossDropStages(curve.values).boundaries.map((i) => curve.steps[i]) };
}

/**
 * Influence trajectories over a toy run's checkpoints (Lee et al. 2025): at each checkpoint the local posterior
 * is sampled from w*_t and BIF_t(i, j) = −Cov(ℓ_i, ℓ_j) taken over the draws; per pair the series gets its
 * sign flips, peaks and harmful onset (`markTrajectory`), the stage boundaries beside them, the first-order
 * proxy and, when asked, leave-one-out retraining as ground truth. Supports runs of the `dln` preset.
 */
export async function influenceTrajectories(run: ToyRun, o: InfluenceTrajectoryOptions): Promise<InfluenceTrajectories> {
  if (run.preset !== 'dln') throw new Error(`${run.dir}: influence trajectories need per-sample losses the engine knows for the run's model; supported: dln (this run is ${run.preset})`);
  const every = o.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, got ${every}`);
  const names = dlnSampledModel(run.checkpoints[0].checkpoint, run.checkpoints[0].file).sampleNames;
  const pairs = parsePairs(o.pairs, names);
  const chosen = run.checkpoints.filter(({ checkpoint }) => checkpoint.step % every === 0);
  if (chosen.length < 2) throw new Error(`${run.dir}: ${chosen.length} checkpoint(s) at steps divisible by ${every}; a trajectory needs at least 2`);
  const models = chosen.map(({ checkpoint, file }) => dlnSampledModel(checkpoint, file));
  const observed = observedSamples(pairs);
  const column = (p: InfluencePair) => [observed.indexOf(p.i), observed.indexOf(p.j)];
  const hidden = Number(run.config.hidden);
  const data = hierarchicalData(Number(run.config.depth));

  const checkpoints: CheckpointInfluence[] = [];
  const corr: number[][] = pairs.map(() => []);
  const bif: number[][] = pairs.map(() => []);
  const proxy: number[][] = pairs.map(() => []);
  let cancelled = false;
  const sampler = await createInfluenceSampler(models[0], observed, o.sampler);
  try {
    for (let k = 0; k < chosen.length; k++) {
      const { checkpoint, file } = chosen[k];
      const at = Object.fromEntries(models[k].params.map((p) => [p.name, p.value]));
      let local;
      try {
        local = await sampleLocalInfluence(sampler, at, o.sampler, o.signal);
      } catch (e) {
        if (!(o.keepFinishedOnAbort && o.signal?.aborted && k >= 2)) throw e;
        cancelled = true;
        break;
      }
      const similarity = dlnGradientSimilarity(at.w1, at.w2, hidden, data);
      pairs.forEach((p, q) => {
        const [a, b] = column(p);
        corr[q].push(local.correlation[a * local.samples + b]);
        bif[q].push(local.influence[a * local.samples + b]);
        proxy[q].push(similarity.cosine[p.i * similarity.items + p.j]);
      });
      checkpoints.push({ step: checkpoint.step, file, record: { ...recordAt(run, checkpoint.step, file) }, divergedChains: local.divergedChains });
      o.onProgress?.(k + 1, chosen.length, checkpoint.step);
    }
  } finally {
    await sampler.release();
  }

  const steps = checkpoints.map((c) => c.step);
  const stages = stageBoundaries(run, o.stageBoundaries);
  const loo = o.leaveOneOut && !cancelled ? await leaveOneOutDeltas(run, pairs, steps) : undefined;
  const proxyMin = o.proxyMin ?? DEFAULT_PROXY_MIN;
  const trajectories = pairs.map((p, q): PairTrajectory => {
    const marks = markTrajectory(steps, corr[q], o);
    const large = steps.map((_, k) => k).filter((k) => Math.abs(corr[q][k]) >= proxyMin && Math.abs(proxy[q][k]) >= proxyMin);
    const overlay = (kind: 'flip' | 'peak', step: number) => {
      const near = nearestBoundary(step, stages.boundaries);
      return { kind, step, boundary: near?.boundary ?? null, distance: near?.distance ?? null };
    };
    return {
      pair: `${p.source}:${p.target}`,
      source: p.source,
      target: p.target,
      steps,
      correlation: corr[q],
      bif: bif[q],
      proxyCorrelation: proxy[q],
      proxyAgreement: { compared: large.length, agreeing: large.filter((k) => Math.sign(corr[q][k]) === Math.sign(proxy[q][k])).length },
      marks,
      stageOverlay: [...marks.flips.map((f) => overlay('flip', f.step)), ...marks.peaks.map((pk) => overlay('peak', pk.step))],
      ...(loo ? { leaveOneOut: { delta: loo[q], pearsonWithBif: pearson(bif[q], loo[q]) } } : {}),
    };
  });
  return { run: run.dir, preset: run.preset, samples: names, sampler: o.sampler, checkpoints, pairs: trajectories, stages, ...(cancelled ? { cancelled } : {}) };
}

/** ℓ_target with and without the source item, retrained from the run's seed and settings, at `steps`. */
async function leaveOneOutDeltas(run: ToyRun, pairs: readonly InfluencePair[], steps: number[]): Promise<number[][]> {
  const c = run.config;
  const settings = { depth: Number(c.depth), hidden: Number(c.hidden), initStd: Number(c.initStd), lr: Number(c.lr) };
  const seed = Number(c.seed);
  if (!Number.isInteger(seed)) throw new Error(`${run.dir}: the run's config has no seed, so it cannot be retrained`);
  const full = await dlnItemLossesWithout(settings, seed, [], steps);
  const without = new Map<number, Float64Array[]>();
  for (const p of pairs) if (!without.has(p.i)) without.set(p.i, await dlnItemLossesWithout(settings, seed, [p.i], steps));
  return pairs.map((p) => steps.map((_, k) => full[k][p.j] - without.get(p.i)![k][p.j]));
}
