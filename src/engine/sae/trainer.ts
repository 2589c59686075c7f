import type { ActivationSource } from '../data/source';
import { StepRunner, TypedArray } from '../graph/runner';
import { L0Schedule, checkL0Schedule, scheduledK } from '../diagnostics/l0/l0Schedule';
import { L0Search, L0SearchOptions, L0SearchPoint, batchProjectionGraph } from '../diagnostics/l0/l0Search';
import type { ExecutionProvider } from '../graph/providers';
import { Rng } from '../util/random';
import { SaeBundle, SaeConfig } from './bundle';
import { foldActivationScaling } from './formats/fold';
import { BDecInit, InitialWeights, columnMean, geometricMedian, initialWeights } from './init';
import { LrSchedule, learningRate, sparsityCoefficient } from './schedule';
import type { DecodePath } from './arch/topkSparse';
import { buildSaeTrainingGraph, hasAuxLoss } from './trainingGraph';
import { SaeTrainingSpec } from './trainingSpec';

export interface TrainProgress {
  step: number;
  totalSteps: number;
  lr: number;
  loss: number;
  /** Loss parts by name (mse, l1, aux, sparsity, mse_prefix_<w>, …), averaged over the report interval. */
  parts: Record<string, number>;
  l0: number;
  explainedVariance: number;
  deadFraction: number;
  /** Latents firing on more than 10% of the rows since the last report. */
  denseFraction: number;
}

/** Everything needed to continue training exactly where it stopped. */
export interface TrainerState {
  step: number;
  tensors: Record<string, Float32Array>;
  /** The input scale s of expected_average_only_in normalisation (1 when off). */
  activationScale: number;
}

export interface TrainSaeOptions {
  spec: SaeTrainingSpec;
  source: ActivationSource;
  steps: number;
  schedule: LrSchedule;
  /** λ₁ (standard) or λ_s (JumpReLU); unused by TopK-style architectures. */
  sparsityCoefficient: number;
  sparsityWarmupSteps: number;
  seed: number;
  bDecInit: BDecInit;
  /**
   * 'expected_average_only_in' (SAELens): inputs are multiplied by s = √d_in / mean‖x‖, estimated over
   * `normEstimateBatches` batches before training; s is folded into the saved weights (W_enc·s, W_dec/s, b_dec/s).
   */
  normalizeActivations?: 'none' | 'expected_average_only_in';
  normEstimateBatches?: number;
  /** Start from these weights instead of a fresh initialisation. */
  init?: InitialWeights;
  /** Continue a run: weights, optimiser state and counters, and the step to continue from. */
  resume?: TrainerState;
  progressEvery: number;
  onProgress?: (p: TrainProgress) => void;
  checkpointEvery?: number;
  /** Called with a snapshot every `checkpointEvery` steps; awaited before training goes on. */
  onCheckpoint?: (bundle: SaeBundle, state: TrainerState) => Promise<void>;
  signal?: AbortSignal;
  threads?: number;
  executionProvider?: ExecutionProvider;
  /** TopK, BatchTopK, Matryoshka: move k linearly over training (Sparse but Wrong A.8) instead of keeping spec.k. */
  l0Schedule?: L0Schedule;
  /** TopK: decode through the k active latents or densely; 'auto' (default) picks by `topkSparsePays`. */
  decodePath?: DecodePath;
  /** TopK, BatchTopK, Matryoshka: search k during training from s_n^dec (Sparse but Wrong A.11), starting at spec.k. */
  l0Search?: L0SearchOptions;
  /**
   * Steps per ORT run (an ONNX Loop over stacked batches); default `defaultStepsPerRun`. A run never crosses a
   * checkpoint, and a k schedule or L0 search steps one at a time. Results are the same for any value.
   */
  stepsPerRun?: number;
}

/** Most batches stacked into one run, and the most bytes they may take. */
const MAX_STEPS_PER_RUN = 8;
const MAX_STACKED_BYTES = 128 * 2 ** 20;

/**
 * Steps per run: as many batches as fit in MAX_STACKED_BYTES, at most MAX_STEPS_PER_RUN. Each ORT run costs a copy
 * of the whole state out of onnxruntime-node (`StepRunner`); 8 steps a run cut that to an eighth, e.g. ≈ 250 →
 * 30 ms a step for TopK d_in 768, d_sae 16384 (whose batch of 4096 fits 10 times).
 */
export function defaultStepsPerRun(spec: Pick<SaeTrainingSpec, 'batch' | 'dIn'>): number {
  return Math.max(1, Math.min(MAX_STEPS_PER_RUN, Math.floor(MAX_STACKED_BYTES / (spec.batch * spec.dIn * 4))));
}

export interface TrainResult {
  bundle: SaeBundle;
  state: TrainerState;
  /** log10(density + 1e-10) per latent over the last report window (SAELens sparsity.safetensors). */
  logDensity: Float32Array;
  history: TrainProgress[];
  cancelled: boolean;
  /** The L0 search's moves, when it ran. */
  l0Search?: L0SearchPoint[];
}

export class NonFiniteLossError extends Error {
  constructor(readonly step: number) {
    super(`the loss became NaN or infinite at step ${step}; lower the learning rate or check the data`);
  }
}

/**
 * The one trainer for every architecture: feeds batches, schedules the learning rate and sparsity
 * coefficient, reports progress, takes checkpoints, and stops cleanly when cancelled (the last checkpoint
 * stays as it was written).
 */
export async function trainSae(o: TrainSaeOptions): Promise<TrainResult> {
  const { spec } = o;
  const path = o.decodePath ?? 'auto';
  const { graph, partNames } = buildSaeTrainingGraph(spec, true, path);
  const runner = await StepRunner.create(graph, { seed: o.seed, threads: o.threads, executionProvider: o.executionProvider });
  // The AuxK loss and its gradient are exactly zero while no latent is dead; skip their work then.
  const skipAux = hasAuxLoss(spec);
  if (skipAux) await runner.addVariant('no_aux', buildSaeTrainingGraph(spec, false, path).graph);
  const variants = new KVariants(runner, spec, path);
  if (o.l0Schedule) checkL0Schedule(o.l0Schedule, spec.dSae, spec.architecture === 'topk');
  const search = l0Search(o);
  const measure = search ? await runner.evaluator(batchProjectionGraph(spec.dIn, spec.dSae, spec.batch, search.n), { threads: o.threads }) : undefined;
  const perRun = o.l0Schedule || search ? 1 : Math.max(1, Math.min(o.stepsPerRun ?? defaultStepsPerRun(spec), o.steps));
  const stackedBatches = new Float32Array(perRun * spec.batch * spec.dIn);
  const batch = stackedBatches.subarray(0, spec.batch * spec.dIn);
  let step = 0;
  let scale = 1;
  try {
    if (o.resume) {
      scale = o.resume.activationScale;
      const { [SEARCH_STATE]: searchState, ...tensors } = o.resume.tensors;
      if (search && searchState) search.restore(searchState);
      for (const [name, data] of Object.entries(tensors)) runner.setState(name, data);
      step = o.resume.step;
      // The source restarts from its beginning: skip what the run had consumed so the batches line up.
      for (let i = 0; i < step; i++) await fill(o.source, batch);
    } else {
      if (o.normalizeActivations === 'expected_average_only_in') scale = await estimateScale(o.source, batch, spec.dIn, o.normEstimateBatches ?? 100);
      await fill(o.source, batch);
      scaleBatch(batch, scale);
      const w = o.init ?? initialWeights(spec, new Rng(o.seed));
      const bDec = o.init ? w.b_dec : bDecFrom(o.bDecInit, batch, spec);
      for (const [name, data] of Object.entries({ ...w, b_dec: bDec })) runner.setState(name, data);
      if (spec.architecture === 'jumprelu') runner.setState('log_threshold', new Float32Array(spec.dSae).fill(Math.log(spec.jumprelu.initThreshold)));
      await o.source.reset();
    }

    const history: TrainProgress[] = [];
    const window = new ReportWindow(partNames, spec.dSae);
    let cancelled = false;
    while (step < o.steps) {
      if (o.signal?.aborted) {
        cancelled = true;
        break;
      }
      const run = runLength(step, perRun, o.steps, o.checkpointEvery);
      const x = run === 1 ? batch : stackedBatches;
      const lr = new Float32Array(run);
      const sparsity = new Float32Array(run);
      for (let i = 0; i < run; i++) {
        const rows = x.subarray(i * batch.length, (i + 1) * batch.length);
        await fill(o.source, rows);
        scaleBatch(rows, scale);
        lr[i] = learningRate(o.schedule, step + i, o.steps);
        sparsity[i] = sparsityCoefficient(o.sparsityCoefficient, o.sparsityWarmupSteps, step + i);
      }
      const k = search?.current ?? (o.l0Schedule ? scheduledK(o.l0Schedule, step, o.steps) : spec.k);
      const withAux = !skipAux || mayDieWithin(runner.state('steps_since_fired') as Float32Array, spec.deadWindow, run);
      const variant = await variants.named(k, withAux, run);
      const out = run === 1
        ? await runner.step({ x, lr: lr[0], sparsity_coefficient: sparsity[0] }, variant)
        : await runner.step({ x, lr, sparsity_coefficient: sparsity }, variant);
      for (let i = 0; i < run; i++) {
        const metrics = stepOf(out, i, run);
        step++;
        if (search && measure && search.measures(step)) search.observe(step, Number((await measure.run({ x: batch })).s_n[0]));
        const loss = Number(metrics.loss[0]);
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(step);
        window.add(metrics, spec.batch);
        if (step % o.progressEvery === 0 || step === o.steps) {
          const p = window.report(step, o.steps, lr[i], Number(metrics.dead_fraction[0]));
          history.push(p);
          o.onProgress?.(p);
        }
      }
      if (o.checkpointEvery && o.onCheckpoint && step % o.checkpointEvery === 0 && step < o.steps) {
        await o.onCheckpoint(snapshotBundle(runner, finalSpec(), scale), snapshotState(runner, step, scale, search));
      }
    }
    return {
      bundle: snapshotBundle(runner, finalSpec(), scale),
      state: snapshotState(runner, step, scale, search),
      logDensity: window.logDensity(),
      history,
      cancelled,
      ...(search ? { l0Search: search.trace } : {}),
    };
  } finally {
    await measure?.release();
    await runner.release();
  }

  /** The spec with the k the run ends on, which the saved SAE uses. */
  function finalSpec(): SaeTrainingSpec {
    const k = search?.current ?? (o.l0Schedule ? scheduledK(o.l0Schedule, step, o.steps) : spec.k);
    return { ...spec, k };
  }
}

/** Name of the L0 search's state among a checkpoint's tensors. */
const SEARCH_STATE = 'l0_search';

function l0Search(o: TrainSaeOptions): L0Search | undefined {
  if (!o.l0Search) return undefined;
  if (o.l0Schedule) throw new Error('a k schedule and an L0 search cannot drive the same run');
  if (!K_ARCHITECTURES.has(o.spec.architecture)) throw new Error(`the L0 search needs a TopK, BatchTopK or Matryoshka SAE, not ${o.spec.architecture}`);
  return new L0Search(o.spec.k, o.spec.dSae, o.spec.architecture === 'topk', o.l0Search);
}

const K_ARCHITECTURES = new Set<SaeTrainingSpec['architecture']>(['topk', 'batchtopk', 'matryoshka']);

/**
 * The training graph for each k a schedule or search visits and each run length, compiled the first time it is
 * needed and run as a variant of the runner (all share the carried state; k only sets how many activations are
 * kept, the run length how many stacked batches one run steps through).
 */
class KVariants {
  private readonly ready = new Set<string>();

  constructor(private readonly runner: StepRunner, private readonly spec: SaeTrainingSpec, private readonly path: DecodePath) {}

  async named(k: number, withAux: boolean, run: number): Promise<string> {
    if (k !== this.spec.k && !K_ARCHITECTURES.has(this.spec.architecture)) {
      throw new Error(`k schedules need a TopK, BatchTopK or Matryoshka SAE, not ${this.spec.architecture}`);
    }
    if (k === this.spec.k && run === 1) return withAux ? 'main' : 'no_aux';
    const name = `k=${k}${withAux ? '' : ':no_aux'}${run > 1 ? `×${run}` : ''}`;
    if (!this.ready.has(name)) {
      const { graph } = buildSaeTrainingGraph({ ...this.spec, k }, withAux, this.path);
      await this.runner.addVariant(name, graph, { stepsPerRun: run, stacked: run > 1 ? ['x', 'lr', 'sparsity_coefficient'] : [] });
      this.ready.add(name);
    }
    return name;
  }
}

/** Steps in the next run: `perRun`, or one at a time where a full run would pass the end or a checkpoint. */
function runLength(step: number, perRun: number, steps: number, checkpointEvery = 0): number {
  if (step + perRun > steps) return 1;
  if (checkpointEvery > 0 && Math.floor(step / checkpointEvery) !== Math.floor((step + perRun - 1) / checkpointEvery)) return 1;
  return perRun;
}

/**
 * Whether a latent may be dead (steps since it fired > window) at some step of a run of `run` steps: its count
 * grows by one a step it stays silent, so only while every count is ≤ window − (run − 1) can AuxK be skipped.
 */
function mayDieWithin(stepsSinceFired: Float32Array, window: number, run: number): boolean {
  for (let i = 0; i < stepsSinceFired.length; i++) if (stepsSinceFired[i] + run - 1 > window) return true;
  return false;
}

/** The metrics of step i of a run: each output of a run of `run` steps holds them one step after another. */
function stepOf(out: Record<string, TypedArray>, i: number, run: number): Record<string, TypedArray> {
  if (run === 1) return out;
  return Object.fromEntries(Object.entries(out).map(([name, data]) => {
    const size = data.length / run;
    return [name, data.subarray(i * size, (i + 1) * size)];
  }));
}

async function fill(source: ActivationSource, batch: Float32Array): Promise<void> {
  const rows = await source.nextBatch(batch);
  if (rows * source.dIn < batch.length) {
    throw new Error(`${source.describe()}: ran out of rows (got ${rows} of a batch of ${batch.length / source.dIn}); use a looping source or fewer steps`);
  }
}

function bDecFrom(method: BDecInit, batch: Float32Array, spec: SaeTrainingSpec): Float32Array {
  if (method === 'mean') return columnMean(batch, spec.batch, spec.dIn);
  if (method === 'geometric_median') return geometricMedian(batch, spec.batch, spec.dIn);
  return new Float32Array(spec.dIn);
}

/** s = √d_in / mean‖x‖ over the first batches; the source is reset afterwards. */
async function estimateScale(source: ActivationSource, batch: Float32Array, dIn: number, batches: number): Promise<number> {
  let total = 0, rows = 0;
  for (let b = 0; b < batches; b++) {
    await fill(source, batch);
    for (let r = 0; r < batch.length / dIn; r++) {
      let sq = 0;
      for (let j = 0; j < dIn; j++) sq += batch[r * dIn + j] ** 2;
      total += Math.sqrt(sq);
      rows++;
    }
  }
  await source.reset();
  return Math.sqrt(dIn) / (total / rows);
}

function scaleBatch(batch: Float32Array, scale: number): void {
  if (scale !== 1) for (let i = 0; i < batch.length; i++) batch[i] *= scale;
}

function snapshotState(runner: StepRunner, step: number, activationScale: number, search?: L0Search): TrainerState {
  const tensors: Record<string, Float32Array> = Object.fromEntries(runner.stateNames.map((n) => [n, Float32Array.from(runner.state(n) as Float32Array)]));
  if (search) tensors[SEARCH_STATE] = search.state();
  return { step, activationScale, tensors };
}

/**
 * The SAE as it stands, in its training architecture (BatchTopK keeps topk_threshold, JumpReLU a threshold),
 * with any input scale folded in so it takes raw activations.
 */
export function snapshotBundle(runner: StepRunner, spec: SaeTrainingSpec, activationScale = 1): SaeBundle {
  const copy = (name: string) => Float32Array.from(runner.state(name) as Float32Array);
  const extras: SaeBundle['extras'] = {};
  if (spec.architecture === 'jumprelu') extras.threshold = { shape: [spec.dSae], data: copy('log_threshold').map(Math.exp) };
  if (spec.architecture === 'batchtopk' || spec.architecture === 'matryoshka') extras.topk_threshold = { shape: [], data: copy('topk_threshold') };
  const bundle: SaeBundle = { cfg: configOf(spec), W_enc: copy('W_enc'), b_enc: copy('b_enc'), W_dec: copy('W_dec'), b_dec: copy('b_dec'), extras, source: { format: 'saescope-training', path: '' } };
  return activationScale === 1 ? bundle : foldActivationScaling(bundle, activationScale);
}

const ARCH_NAME = { standard: 'standard', topk: 'topk', batchtopk: 'batchtopk', jumprelu: 'jumprelu', matryoshka: 'matryoshka_batchtopk' } as const;

export function configOf(spec: SaeTrainingSpec): SaeConfig {
  const cfg: SaeConfig = {
    architecture: ARCH_NAME[spec.architecture],
    d_in: spec.dIn,
    d_sae: spec.dSae,
    dtype: 'float32',
    apply_b_dec_to_input: spec.applyBDecToInput,
    normalize_activations: 'none',
    metadata: {},
    extra: {},
  };
  if (spec.architecture === 'topk' || spec.architecture === 'batchtopk' || spec.architecture === 'matryoshka') cfg.k = spec.k;
  if (spec.architecture === 'topk') cfg.rescale_acts_by_decoder_norm = spec.rescaleActsByDecoderNorm;
  if (spec.architecture === 'matryoshka') cfg.matryoshka_widths = spec.matryoshkaWidths;
  return cfg;
}

/** Sums between two progress reports. */
class ReportWindow {
  private steps = 0;
  private rows = 0;
  private sums: Record<string, number> = {};
  private readonly fired: Float64Array;
  private lastDensity: Float64Array;

  constructor(private readonly partNames: string[], dSae: number) {
    this.fired = new Float64Array(dSae);
    this.lastDensity = new Float64Array(dSae);
  }

  add(out: Record<string, ArrayLike<number | bigint>>, batch: number): void {
    this.steps++;
    this.rows += batch;
    // A part missing from this step's outputs (AuxK skipped while nothing is dead) was zero.
    for (const name of ['loss', 'l0', 'explained_variance', ...this.partNames]) this.sums[name] = (this.sums[name] ?? 0) + Number(out[name]?.[0] ?? 0);
    const fired = out.fired_count as Float32Array;
    for (let i = 0; i < fired.length; i++) this.fired[i] += fired[i];
  }

  report(step: number, totalSteps: number, lr: number, deadFraction: number): TrainProgress {
    const mean = (name: string) => this.sums[name] / this.steps;
    let dense = 0;
    for (let i = 0; i < this.fired.length; i++) {
      this.lastDensity[i] = this.fired[i] / this.rows;
      if (this.lastDensity[i] > 0.1) dense++;
    }
    const p: TrainProgress = {
      step,
      totalSteps,
      lr,
      loss: mean('loss'),
      parts: Object.fromEntries(this.partNames.map((n) => [n, mean(n)])),
      l0: mean('l0'),
      explainedVariance: mean('explained_variance'),
      deadFraction,
      denseFraction: dense / this.fired.length,
    };
    this.steps = 0;
    this.rows = 0;
    this.sums = {};
    this.fired.fill(0);
    return p;
  }

  logDensity(): Float32Array {
    return Float32Array.from(this.lastDensity, (d) => Math.log10(d + 1e-10));
  }
}
