import { availableParallelism } from 'node:os';
import { SaeBundle } from '../../sae/bundle';
import { InitialWeights, initialWeights } from '../../sae/init';
import { LrSchedule, learningRate } from '../../sae/schedule';
import { configOf } from '../../sae/trainer';
import { SaeTrainingSpec } from '../../sae/trainingSpec';
import { Rng } from '../../util/random';
import { SessionHost } from './sessionHost';
import { buildStackedBatchTopKGraph } from './stackedGraph';
import { SweepRows } from './sweepRows';

export interface StackedProgress {
  step: number;
  totalSteps: number;
  /** Per SAE, averaged over the steps since the last report. */
  mse: number[];
  aux: number[];
  l0: number[];
  /** Per SAE: latents that have not fired for more than the dead window. */
  deadFraction: number[];
}

export interface StackedTrainOptions {
  /** Shape and settings shared by every SAE (a BatchTopK spec; its k is ignored). */
  spec: SaeTrainingSpec;
  /** k of each SAE. */
  ks: readonly number[];
  rows: SweepRows;
  steps: number;
  schedule: LrSchedule;
  /** Seed of the initialisation, the same for every SAE. */
  seed: number;
  /** Training steps per ORT run (default 10). */
  stepsPerRun?: number;
  /** Worker threads, each training a share of the SAEs on one core (default: one per CPU, at most one per SAE). */
  workers?: number;
  progressEvery: number;
  onProgress?: (p: StackedProgress) => void;
  signal?: AbortSignal;
}

export interface StackedTrainResult {
  /** One per k, in the training architecture (BatchTopK with its running threshold). */
  bundles: SaeBundle[];
  /** Each SAE's BatchTopK cut on the last training batch: a good first guess for the cut on evaluation batches. */
  lastCuts: Float32Array;
  steps: number;
  cancelled: boolean;
}

const STATE = ['W_enc', 'b_enc', 'W_dec', 'b_dec', 'topk_threshold', 'batch_cut'] as const;

/**
 * Trains S BatchTopK SAEs that differ only in k on the same rows: the same initialisation (from `seed`), the same
 * batches in the same order. The SAEs are split among worker threads; each worker trains its share in one graph
 * (`buildStackedBatchTopKGraph`) on one core, `stepsPerRun` steps per ORT run, while the main thread reads (or, for
 * toys, generates) the rows of the next run. Each SAE follows the single-SAE trainer's BatchTopK maths step for
 * step, AuxK included: a worker runs the graph with the AuxK loss whenever a latent of its SAEs may be dead within
 * the run (the loss is exactly zero for an SAE without dead latents), the cheaper one otherwise. Cancelling stops at
 * the next run boundary.
 */
export async function trainStackedBatchTopK(o: StackedTrainOptions): Promise<StackedTrainResult> {
  const { spec } = o;
  const perRun = Math.max(1, Math.min(o.stepsPerRun ?? 10, o.steps));
  const shares = split(o.ks, Math.max(1, Math.min(o.workers ?? availableParallelism(), o.ks.length)));
  const groups = shares.map((ks) => new WorkerGroup(spec, ks));
  const window = new ProgressWindow(o.ks.length);
  let step = 0;
  let cancelled = false;
  try {
    const init = initialWeights(spec, new Rng(o.seed));
    await Promise.all(groups.map((g) => g.start(perRun, init)));
    await o.rows.reset();
    while (step < o.steps) {
      if (o.signal?.aborted) {
        cancelled = true;
        break;
      }
      // Whole runs of perRun steps, then single steps for what is left.
      const count = o.steps - step >= perRun ? perRun : 1;
      const x = await o.rows.take(count * spec.batch);
      const lrs = Float32Array.from({ length: count }, (_, i) => learningRate(o.schedule, step + i, o.steps));
      const running = Promise.all(groups.map((g) => g.run(x, lrs)));
      await o.rows.prefetch(perRun * spec.batch);
      const outs = await running;
      for (let i = 0; i < count; i++) {
        window.add(outs, groups, i);
        step++;
        if (step % o.progressEvery === 0 || step === o.steps) o.onProgress?.(window.report(step, o.steps, groups));
      }
    }
    const parts = await Promise.all(groups.map((g) => g.snapshot()));
    return { bundles: parts.flatMap((p) => p.bundles), lastCuts: Float32Array.from(parts.flatMap((p) => Array.from(p.cuts))), steps: step, cancelled };
  } finally {
    await Promise.all(groups.map((g) => g.release()));
  }
}

/** Contiguous shares of nearly equal size. */
function split<T>(items: readonly T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, i) => items.slice(Math.floor((i * items.length) / parts), Math.floor(((i + 1) * items.length) / parts)));
}

/** A share of the SAEs in one worker: its stacked graph, compiled per run length and with or without AuxK on demand. */
class WorkerGroup {
  private host: SessionHost | undefined;
  private readonly opened = new Set<string>();
  /** steps_since_fired after the last run, largest over the share's latents. */
  private longestSilence = 0;
  deadFraction: number[];

  constructor(private readonly spec: SaeTrainingSpec, readonly ks: readonly number[]) {
    this.deadFraction = ks.map(() => 0);
  }

  async start(perRun: number, init: InitialWeights): Promise<void> {
    this.host = SessionHost.start(['x', 'lr']);
    await this.open(false, perRun);
    await this.host.setState('W_enc', tile(init.W_enc, this.ks.length));
    await this.host.setState('W_dec', tile(init.W_dec, this.ks.length));
  }

  async run(x: Float32Array, lrs: Float32Array): Promise<Record<string, Float32Array>> {
    const { spec } = this;
    const count = lrs.length;
    const withAux = spec.auxCoefficient > 0 && this.longestSilence + count > spec.deadWindow;
    const variant = await this.open(withAux, count);
    const feeds = {
      x: { data: x, shape: count > 1 ? [count, spec.batch, spec.dIn] : [spec.batch, spec.dIn] },
      lr: { data: lrs, shape: count > 1 ? [count] : [] },
    };
    const out = await this.host!.step(variant, feeds, ['steps_since_fired']);
    this.longestSilence = out['max:steps_since_fired'][0];
    if (this.longestSilence > spec.deadWindow || this.deadFraction.some((f) => f > 0)) await this.countDead();
    return out;
  }

  async snapshot(): Promise<{ bundles: SaeBundle[]; cuts: Float32Array }> {
    const state = await this.host!.state(STATE);
    const part = (name: string, s: number, size: number) => state[name].slice(s * size, (s + 1) * size);
    const { dIn, dSae } = this.spec;
    const bundles = this.ks.map((k, s): SaeBundle => ({
      cfg: configOf({ ...this.spec, architecture: 'batchtopk', k }),
      W_enc: part('W_enc', s, dIn * dSae),
      b_enc: part('b_enc', s, dSae),
      W_dec: part('W_dec', s, dSae * dIn),
      b_dec: part('b_dec', s, dIn),
      extras: { topk_threshold: { shape: [], data: part('topk_threshold', s, 1) } },
      source: { format: 'saescope-training', path: '' },
    }));
    return { bundles, cuts: state.batch_cut };
  }

  async release(): Promise<void> {
    await this.host?.release();
  }

  private async open(withAux: boolean, count: number): Promise<string> {
    const name = `${withAux ? 'aux' : 'plain'}x${count}`;
    if (!this.opened.has(name)) {
      await this.host!.addVariant(name, buildStackedBatchTopKGraph(this.spec, this.ks, withAux), count);
      this.opened.add(name);
    }
    return name;
  }

  private async countDead(): Promise<void> {
    const since = (await this.host!.state(['steps_since_fired'])).steps_since_fired;
    const h = this.spec.dSae;
    this.deadFraction = this.ks.map((_, s) => since.subarray(s * h, (s + 1) * h).filter((v) => v > this.spec.deadWindow).length / h);
  }
}

function tile(values: Float32Array, times: number): Float32Array {
  const out = new Float32Array(values.length * times);
  for (let i = 0; i < times; i++) out.set(values, i * values.length);
  return out;
}

/** Per-SAE sums between two progress reports, over the groups in order. */
class ProgressWindow {
  private steps = 0;
  private readonly sums: Record<'mse' | 'aux' | 'l0', Float64Array>;

  constructor(models: number) {
    this.sums = { mse: new Float64Array(models), aux: new Float64Array(models), l0: new Float64Array(models) };
  }

  /** Adds step `i` of each group's run outputs ([steps, S_group], or [S_group] for a single step: the same index). */
  add(outs: Record<string, Float32Array>[], groups: readonly WorkerGroup[], i: number): void {
    this.steps++;
    let offset = 0;
    outs.forEach((out, g) => {
      const models = groups[g].ks.length;
      for (const name of ['mse', 'aux', 'l0'] as const) {
        const values = out[name];
        if (values) for (let s = 0; s < models; s++) this.sums[name][offset + s] += values[i * models + s];
      }
      offset += models;
    });
  }

  report(step: number, totalSteps: number, groups: readonly WorkerGroup[]): StackedProgress {
    const mean = (name: 'mse' | 'aux' | 'l0') => Array.from(this.sums[name], (v) => v / this.steps);
    const p = { step, totalSteps, mse: mean('mse'), aux: mean('aux'), l0: mean('l0'), deadFraction: groups.flatMap((g) => g.deadFraction) };
    this.steps = 0;
    for (const v of Object.values(this.sums)) v.fill(0);
    return p;
  }
}
