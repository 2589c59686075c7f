import { Evaluator, StepRunner } from '../../graph/runner';
import { defaultNbeta } from './nbeta';
import { MinibatchStream, SgldDataSet, checkDataSet } from './sgldData';
import {
  LossGraphBuilder, SgldParam, buildLossEvaluationGraph, buildSgldChainsGraph, chainLoss, chainObserved, chainParam, chainRows, dataInput, observeInput,
} from './sgldGraph';

export type { LossGraph, LossGraphBuilder, SgldParam } from './sgldGraph';
export type { SgldColumn, SgldDataSet } from './sgldData';

/**
 * The defaults of the sampler: the settings the spec's validation targets use (dynamics-methods §6), not
 * devinterp v1.3's factory defaults (ε 0.01, γ 0, 10 chains × 100 draws, no burn-in), which diverge or
 * under-sample on most of these problems. nβ defaults to n/ln n of the data set (`defaultNbeta`).
 */
export const SGLD_DEFAULTS = {
  epsilon: 1e-4,
  localization: 1,
  chains: 4,
  draws: 2000,
  burnIn: 500,
  stepsBetweenDraws: 1,
  /** Minibatch rows (devinterp's newer API default), or the whole data set when smaller. */
  batch: 32,
  noiseLevel: 1,
  weightDecay: 0,
  seed: 0,
} as const;

/** RMSProp preconditioning of devinterp's `rmsprop_sgld`: V ← αV + (1−α)g², G = 1/(√V + eps). */
export interface RmspropSettings {
  alpha?: number;
  eps?: number;
}

/** What a sampler is built for: the model, its data and the settings fixed in its graph. */
export interface SgldSamplerOptions {
  /** The parameters: names, shapes and (as `value`) the default w*. */
  params: readonly SgldParam[];
  /** The data set L_n averages over; n = `data.rows`. */
  data: SgldDataSet;
  /** Builds the mean minibatch loss (and per-sample losses, for `observe`); see `LossGraphBuilder`. */
  loss: LossGraphBuilder;
  /** Chains run side by side in one graph (default 4). */
  chains?: number;
  /** Minibatch rows per step (default min(32, n)); `data.rows` means full batch. */
  batch?: number;
  /** n·β (default n/ln n). */
  nbeta?: number;
  /** Localisation γ (default 1). */
  localization?: number;
  /** σ, the noise multiplier (default 1; 0 turns SGLD into gradient descent on the localised, tempered loss). */
  noiseLevel?: number;
  weightDecay?: number;
  /** Clamp every weight to w* ± box after each step. */
  boundingBox?: number;
  /** RMSProp-preconditioned SGLD; `true` takes α = 0.99, eps = 0.1. */
  rmsprop?: boolean | RmspropSettings;
  /**
   * A fixed evaluation set whose per-sample losses are computed at every draw (at the draw's pre-step weights,
   * the weights its draw loss is taken at) and handed to `onDraw` as `observed`. The loss builder must return
   * `perSample` for it.
   */
  observe?: SgldDataSet;
  /** SGLD steps per ORT run (an ONNX Loop; default 50). Steps past the last needed one are computed and discarded. */
  stepsPerRun?: number;
  /** ORT intra-op threads (default 1: chains are small, and other work shares the machine). */
  threads?: number;
}

/** One draw, as `onDraw` receives it. */
export interface SgldDraw {
  chain: number;
  /** The draw's index within its chain, from 0. */
  draw: number;
  /** The SGLD step it was taken at, from 0 (burn-in steps included). */
  step: number;
  /** The minibatch loss at the weights before that step. */
  loss: number;
  /** The observed set's per-sample losses at the same weights (a copy), when the sampler has `observe`. */
  observed?: Float32Array;
}

export interface SgldRunOptions {
  /** w* by parameter name (default: the `value`s the sampler was built with). */
  at?: Readonly<Record<string, Float32Array>>;
  /** Step size ε (default 1e-4). */
  epsilon?: number;
  burnIn?: number;
  draws?: number;
  stepsBetweenDraws?: number;
  /** Seeds the noise and every chain's minibatch order (default 0). */
  seed?: number;
  /** Called for every draw of every chain, in step order, while the chains run. Not called for diverged chains. */
  onDraw?: (draw: SgldDraw) => void;
  signal?: AbortSignal;
}

export interface ChainDivergence {
  chain: number;
  /** The first SGLD step whose loss was NaN or infinite; the chain records nothing from there on. */
  step: number;
}

export interface SgldChainsResult {
  chains: number;
  draws: number;
  /** SGLD steps run per chain: burnIn + draws·stepsBetweenDraws. */
  steps: number;
  /** Per chain, the draw losses (minibatch loss at the pre-step weights); NaN from a divergence on. */
  losses: Float64Array[];
  /** Chains whose loss became NaN or infinite. */
  divergences: ChainDivergence[];
  /** The settings the chains ran with. */
  settings: { epsilon: number; nbeta: number; localization: number; batch: number; burnIn: number; draws: number; stepsBetweenDraws: number; seed: number; noiseLevel: number; weightDecay: number; boundingBox?: number; rmsprop?: RmspropSettings };
}

const positiveInt = (what: string, v: number) => {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what} must be a positive integer, got ${v}`);
  return v;
};
const nonNegativeInt = (what: string, v: number) => {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${what} must be an integer ≥ 0, got ${v}`);
  return v;
};
const positive = (what: string, v: number) => {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${what} must be a positive number, got ${v}`);
  return v;
};
const nonNegative = (what: string, v: number) => {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${what} must be a number ≥ 0, got ${v}`);
  return v;
};

/** Distinct seeds for the noise and for each chain's minibatch order, all from one seed. */
export const noiseSeed = (seed: number) => (Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x5851f42d) >>> 0;
export const batchSeed = (seed: number, chain: number) => (Math.imul((seed >>> 0) + 0x632be5ab, 0x85ebca6b) ^ Math.imul(chain + 1, 0xc2b2ae35)) >>> 0;
export const initBatchSeed = (seed: number) => batchSeed(seed, -2);

/**
 * SGLD chains started at w* (devinterp's sampler): a sampler is compiled once for a model, a data set and the
 * settings that shape its graph, then `run` any number of times, at any w* and ε.
 *
 * ```ts
 * const sampler = await SgldSampler.create({ params, data, loss, chains: 4, batch: 32, localization: 1 });
 * try {
 *   const { losses } = await sampler.run({ at: wStar, epsilon: 1e-4, burnIn: 500, draws: 2000, seed: 0 });
 * } finally {
 *   await sampler.release();
 * }
 * ```
 *
 * Each step, for every chain: draw a minibatch, compute L_m(w) and its gradient at the current w, record L_m(w)
 * (the loss at the pre-step weights) if this step is a draw, then
 * w ← w − (ε/2)·G⊙[nβ·∇L_m(w) + γ(w − w*) + λ_wd·w] + √(εG)·σ·ξ (G = 1 without RMSProp), clamped to the
 * bounding box. Draws are the steps burnIn, burnIn + k, burnIn + 2k, … (k = stepsBetweenDraws).
 */
export class SgldSampler {
  private fullEvaluator?: Evaluator;

  private constructor(
    private readonly runner: StepRunner,
    private readonly evaluator: Evaluator,
    readonly options: Readonly<SgldSamplerOptions>,
    readonly chains: number,
    readonly batch: number,
    readonly nbeta: number,
    readonly localization: number,
    private readonly rmsprop: RmspropSettings | undefined,
  ) {}

  static async create(o: SgldSamplerOptions): Promise<SgldSampler> {
    checkDataSet('SGLD data set', o.data);
    if (o.observe) checkDataSet('SGLD observed set', o.observe);
    if (o.params.length === 0) throw new RangeError('SGLD needs at least one parameter');
    for (const p of o.params) {
      const size = p.shape.reduce((a, b) => a * b, 1);
      if (p.value.length !== size) throw new RangeError(`parameter ${p.name} has ${p.value.length} values, its shape [${p.shape.join(', ')}] needs ${size}`);
    }
    const chains = positiveInt('chains', o.chains ?? SGLD_DEFAULTS.chains);
    const batch = positiveInt('batch', o.batch ?? Math.min(SGLD_DEFAULTS.batch, o.data.rows));
    if (batch > o.data.rows) throw new RangeError(`batch ${batch} is larger than the data set (${o.data.rows} rows)`);
    const nbeta = positive('nbeta', o.nbeta ?? defaultNbeta(o.data.rows));
    const localization = nonNegative('localization', o.localization ?? SGLD_DEFAULTS.localization);
    const rmsprop = o.rmsprop === true ? { alpha: 0.99, eps: 0.1 } : o.rmsprop || undefined;
    if (o.boundingBox !== undefined) positive('boundingBox', o.boundingBox);
    const stepsPerRun = positiveInt('stepsPerRun', o.stepsPerRun ?? 50);
    const settings = {
      chains, batch, nbeta, localization, rmsprop,
      noiseLevel: nonNegative('noiseLevel', o.noiseLevel ?? SGLD_DEFAULTS.noiseLevel),
      weightDecay: nonNegative('weightDecay', o.weightDecay ?? SGLD_DEFAULTS.weightDecay),
      boundingBox: o.boundingBox,
    };
    const graph = buildSgldChainsGraph(o.params, o.data, o.loss, settings, o.observe);
    const stacked = batch === o.data.rows ? [] : Array.from({ length: chains }, (_, c) => chainRows(c));
    const threads = o.threads ?? 1;
    const runner = await StepRunner.create(graph, { stepsPerRun, stacked, threads });
    const evaluator = await Evaluator.create(buildLossEvaluationGraph(o.params, o.data, o.loss, batch), { threads });
    return new SgldSampler(runner, evaluator, o, chains, batch, nbeta, localization, rmsprop);
  }

  /** The data set's rows (n). */
  get rows(): number {
    return this.options.data.rows;
  }

  /** The number of values in all parameters (d). */
  get parameterCount(): number {
    return this.options.params.reduce((s, p) => s + p.value.length, 0);
  }

  private weights(at?: Readonly<Record<string, Float32Array>>): Record<string, Float32Array> {
    return Object.fromEntries(this.options.params.map((p) => {
      const v = at?.[p.name] ?? p.value;
      if (v.length !== p.value.length) throw new RangeError(`w* for ${p.name} has ${v.length} values, needs ${p.value.length}`);
      return [p.name, v];
    }));
  }

  private dataFeeds(): Record<string, Float32Array | BigInt64Array> {
    const feeds: Record<string, Float32Array | BigInt64Array> = {};
    for (const [name, col] of Object.entries(this.options.data.columns)) feeds[dataInput(name)] = col.values;
    for (const [name, col] of Object.entries(this.options.observe?.columns ?? {})) feeds[observeInput(name)] = col.values;
    return feeds;
  }

  /**
   * The mean minibatch loss at w over `batches` minibatches of a seeded shuffling stream, and each batch's loss
   * (devinterp's `get_init_loss_multi_batch`). With full batch every batch is L_n(w).
   */
  async batchLoss(at: Readonly<Record<string, Float32Array>> | undefined, batches: number, seed: number): Promise<{ mean: number; batches: number[] }> {
    const w = this.weights(at);
    const stream = new MinibatchStream(this.rows, this.batch, seed);
    const rows = new BigInt64Array(this.batch);
    const losses: number[] = [];
    for (let b = 0; b < positiveInt('batches', batches); b++) {
      const feeds: Record<string, Float32Array | BigInt64Array> = { ...w };
      for (const [name, col] of Object.entries(this.options.data.columns)) feeds[dataInput(name)] = col.values;
      if (this.batch !== this.rows) {
        stream.next(rows);
        feeds.rows = rows;
      }
      losses.push(Number((await this.evaluator.run(feeds)).loss[0]));
    }
    return { mean: losses.reduce((a, b) => a + b, 0) / losses.length, batches: losses };
  }

  /** L_n(w): the mean loss over the whole data set. */
  async fullLoss(at?: Readonly<Record<string, Float32Array>>): Promise<number> {
    if (this.batch === this.rows) return (await this.batchLoss(at, 1, 0)).mean;
    const { params, data, loss } = this.options;
    this.fullEvaluator ??= await Evaluator.create(buildLossEvaluationGraph(params, data, loss, data.rows), { threads: this.options.threads ?? 1 });
    const feeds: Record<string, Float32Array | BigInt64Array> = { ...this.weights(at) };
    for (const [name, col] of Object.entries(data.columns)) feeds[dataInput(name)] = col.values;
    return Number((await this.fullEvaluator.run(feeds)).loss[0]);
  }

  /** Run the chains from w*. Resolves when every chain has all its draws (or has diverged). */
  async run(o: SgldRunOptions = {}): Promise<SgldChainsResult> {
    const epsilon = positive('epsilon', o.epsilon ?? SGLD_DEFAULTS.epsilon);
    const burnIn = nonNegativeInt('burnIn', o.burnIn ?? SGLD_DEFAULTS.burnIn);
    const draws = positiveInt('draws', o.draws ?? SGLD_DEFAULTS.draws);
    const between = positiveInt('stepsBetweenDraws', o.stepsBetweenDraws ?? SGLD_DEFAULTS.stepsBetweenDraws);
    const seed = o.seed ?? SGLD_DEFAULTS.seed;
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    const w = this.weights(o.at);
    const steps = burnIn + draws * between;
    const { runner, chains, batch } = this;
    const perRun = runner.stepsPerRun;

    runner.reseed(noiseSeed(seed));
    for (const name of runner.stateNames) (runner.state(name) as Float32Array).fill(0);
    const feeds: Record<string, Float32Array | BigInt64Array | number> = { lr: epsilon, ...this.dataFeeds() };
    for (let c = 0; c < chains; c++) {
      for (const p of this.options.params) {
        runner.setState(chainParam(c, p.name), w[p.name]);
        feeds[`${chainParam(c, p.name)}.anchor`] = w[p.name];
      }
    }
    const full = batch === this.rows;
    const streams = full ? [] : Array.from({ length: chains }, (_, c) => new MinibatchStream(this.rows, batch, batchSeed(seed, c)));
    const rowBuffers = streams.map(() => new BigInt64Array(perRun * batch));
    streams.forEach((_, c) => (feeds[chainRows(c)] = rowBuffers[c]));

    const losses = Array.from({ length: chains }, () => new Float64Array(draws).fill(NaN));
    const divergences: ChainDivergence[] = [];
    const diverged = new Array<boolean>(chains).fill(false);
    const observedSize = this.options.observe?.rows ?? 0;
    for (let done = 0; done < steps && divergences.length < chains; done += perRun) {
      if (o.signal?.aborted) throw new Error('cancelled');
      streams.forEach((s, c) => {
        for (let i = 0; i < perRun; i++) s.next(rowBuffers[c], i * batch);
      });
      const out = await runner.step(feeds);
      for (let i = 0; i < perRun && done + i < steps; i++) {
        const step = done + i;
        const isDraw = step >= burnIn && (step - burnIn) % between === 0;
        for (let c = 0; c < chains; c++) {
          if (diverged[c]) continue;
          const loss = out[chainLoss(c)][i] as number;
          if (!Number.isFinite(loss)) {
            diverged[c] = true;
            divergences.push({ chain: c, step });
            continue;
          }
          if (!isDraw) continue;
          const draw = (step - burnIn) / between;
          losses[c][draw] = loss;
          if (o.onDraw) {
            const observed = observedSize ? (out[chainObserved(c)] as Float32Array).slice(i * observedSize, (i + 1) * observedSize) : undefined;
            o.onDraw({ chain: c, draw, step, loss, observed });
          }
        }
      }
    }
    return {
      chains, draws, steps, losses, divergences,
      settings: {
        epsilon, nbeta: this.nbeta, localization: this.localization, batch, burnIn, draws, stepsBetweenDraws: between, seed,
        noiseLevel: this.options.noiseLevel ?? SGLD_DEFAULTS.noiseLevel,
        weightDecay: this.options.weightDecay ?? SGLD_DEFAULTS.weightDecay,
        boundingBox: this.options.boundingBox,
        rmsprop: this.rmsprop,
      },
    };
  }

  async release(): Promise<void> {
    await this.fullEvaluator?.release();
    await this.evaluator.release();
    await this.runner.release();
  }
}

/**
 * Build a sampler, run it once, release it: `SgldSampler.create(options)` then `run(options)`. For many runs of
 * the same model (checkpoints, an ε grid) create one `SgldSampler` and call `run` repeatedly.
 */
export async function runSgldChains(o: SgldSamplerOptions & SgldRunOptions): Promise<SgldChainsResult> {
  const sampler = await SgldSampler.create(o);
  try {
    return await sampler.run(o);
  } finally {
    await sampler.release();
  }
}
