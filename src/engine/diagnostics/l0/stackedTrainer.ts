import { availableParallelism } from 'node:os';
import { SaeBundle } from '../../sae/bundle';
import { initialWeights } from '../../sae/init';
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
  steps: number;
  cancelled: boolean;
}

/** Rows read ahead between checks on the worker while the rows are still being read or generated. */
const READ_AHEAD_ROWS = 2048;

/**
 * Trains S BatchTopK SAEs that differ only in k on the same rows: the same initialisation (from `seed`), the same
 * batches in the same order, `stepsPerRun` steps per ORT run. Each SAE follows the single-SAE trainer's BatchTopK
 * maths step for step, AuxK included: a graph runs with the AuxK loss whenever a latent of its SAEs may be dead
 * within the run (the loss is exactly zero for an SAE without dead latents), without it otherwise.
 *
 * The SAEs train in one graph (`buildStackedBatchTopKGraph`) in a worker thread, on one core, while the main thread
 * reads (for toys: generates) the rows ahead on another, as fast as it can. A quarter of the way through, with every
 * row in memory, the SAEs are shared among `workers` workers, one per core, which go on in step. Running more busy threads than cores costs more
 * than it gains: the cores' caches thrash. Cancelling stops at the next run boundary.
 */
export async function trainStackedBatchTopK(o: StackedTrainOptions): Promise<StackedTrainResult> {
  const { spec } = o;
  const perRun = Math.max(1, Math.min(o.stepsPerRun ?? 10, o.steps));
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), o.ks.length));
  const window = new ProgressWindow(o.ks.length);
  // The SAEs are shared at a fixed run boundary (a quarter of the way), whenever the rows finish reading: one graph and
  // several give the same maths but not the same float rounding, so a split that followed the reader's pace would make
  // the results depend on the machine's load. Sharing waits for the rows when they are not all read by then.
  const shareStep = workers > 1 ? perRun * Math.ceil(o.steps / 4 / perRun) : Infinity;
  let groups: WorkerGroup[] = [];
  let step = 0;
  let cancelled = false;
  try {
    const init = initialWeights(spec, new Rng(o.seed));
    const all = await WorkerGroup.start(spec, o.ks, perRun);
    groups = [all];
    await all.setState({ W_enc: tile(init.W_enc, o.ks.length), W_dec: tile(init.W_dec, o.ks.length) });
    await o.rows.reset();
    while (step < o.steps) {
      if (o.signal?.aborted) {
        cancelled = true;
        break;
      }
      if (groups.length < workers && step >= shareStep) {
        while (!o.rows.complete) await o.rows.readAhead(READ_AHEAD_ROWS * 16);
        groups = await share(groups[0], workers, perRun);
      }
      // Whole runs of perRun steps, then single steps for what is left.
      const count = o.steps - step >= perRun ? perRun : 1;
      const x = await o.rows.take(count * spec.batch);
      const lrs = Float32Array.from({ length: count }, (_, i) => learningRate(o.schedule, step + i, o.steps));
      let done = false;
      const running = Promise.all(groups.map((g) => g.run(x, lrs))).finally(() => (done = true));
      while (!done && !o.rows.complete) {
        await o.rows.readAhead(READ_AHEAD_ROWS);
        // Reading a toy's rows never waits on I/O: yield, so the worker's answer can arrive.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const outs = await running;
      for (let i = 0; i < count; i++) {
        window.add(outs, groups, i);
        step++;
        if (step % o.progressEvery === 0 || step === o.steps) o.onProgress?.(window.report(step, o.steps, groups));
      }
    }
    const bundles = (await Promise.all(groups.map((g) => g.snapshot()))).flat();
    return { bundles, steps: step, cancelled };
  } finally {
    await Promise.all(groups.map((g) => g.release()));
  }
}

/** The SAEs of one group split into `parts` contiguous groups of nearly equal size, each in its own worker, state and all. */
async function share(whole: WorkerGroup, parts: number, perRun: number): Promise<WorkerGroup[]> {
  const { ks } = whole;
  const state = await whole.state();
  const groups: WorkerGroup[] = [];
  try {
    for (let i = 0; i < parts; i++) {
      const [from, to] = [Math.floor((i * ks.length) / parts), Math.floor(((i + 1) * ks.length) / parts)];
      const group = await WorkerGroup.start(whole.spec, ks.slice(from, to), perRun);
      groups.push(group);
      // Every carried tensor but Adam's step counter holds one slice per SAE along its first axis.
      await group.setState(Object.fromEntries(Object.entries(state).map(([name, values]) => {
        if (values.length === 1) return [name, values];
        const size = values.length / ks.length;
        return [name, values.slice(from * size, to * size)];
      })), whole);
    }
  } catch (e) {
    await Promise.all(groups.map((g) => g.release()));
    throw e;
  }
  await whole.release();
  return groups;
}

/** A group of the SAEs in one worker: its stacked graph, compiled per run length and with or without AuxK on demand. */
class WorkerGroup {
  private readonly opened = new Set<string>();
  private readonly carried: string[];
  /** steps_since_fired after the last run, largest over the group's latents. */
  private longestSilence = 0;
  deadFraction: number[];

  private constructor(readonly spec: SaeTrainingSpec, readonly ks: readonly number[], private readonly host: SessionHost) {
    this.deadFraction = ks.map(() => 0);
    this.carried = buildStackedBatchTopKGraph(spec, ks, false).carries.map((c) => c.state.name);
  }

  static async start(spec: SaeTrainingSpec, ks: readonly number[], perRun: number): Promise<WorkerGroup> {
    const group = new WorkerGroup(spec, ks, SessionHost.start(['x', 'lr']));
    await group.open(false, perRun);
    return group;
  }

  /** Every carried tensor (weights, Adam moments, counters, thresholds). */
  state(): Promise<Record<string, Float32Array>> {
    return this.host.state(this.carried);
  }

  /** Sets carried tensors; `from` passes on what the group knows of dead latents. */
  async setState(values: Record<string, Float32Array>, from?: WorkerGroup): Promise<void> {
    for (const [name, v] of Object.entries(values)) await this.host.setState(name, v);
    if (from) {
      this.longestSilence = from.longestSilence;
      await this.countDead();
    }
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
    const out = await this.host.step(variant, feeds, ['steps_since_fired']);
    this.longestSilence = out['max:steps_since_fired'][0];
    if (this.longestSilence > spec.deadWindow || this.deadFraction.some((f) => f > 0)) await this.countDead();
    return out;
  }

  async snapshot(): Promise<SaeBundle[]> {
    const state = await this.host.state(['W_enc', 'b_enc', 'W_dec', 'b_dec', 'topk_threshold']);
    const part = (name: string, s: number, size: number) => state[name].slice(s * size, (s + 1) * size);
    const { dIn, dSae } = this.spec;
    return this.ks.map((k, s): SaeBundle => ({
      cfg: configOf({ ...this.spec, architecture: 'batchtopk', k }),
      W_enc: part('W_enc', s, dIn * dSae),
      b_enc: part('b_enc', s, dSae),
      W_dec: part('W_dec', s, dSae * dIn),
      b_dec: part('b_dec', s, dIn),
      extras: { topk_threshold: { shape: [], data: part('topk_threshold', s, 1) } },
      source: { format: 'saescope-training', path: '' },
    }));
  }

  async release(): Promise<void> {
    await this.host.release();
  }

  private async open(withAux: boolean, count: number): Promise<string> {
    const name = `${withAux ? 'aux' : 'plain'}x${count}`;
    if (!this.opened.has(name)) {
      await this.host.addVariant(name, buildStackedBatchTopKGraph(this.spec, this.ks, withAux), count);
      this.opened.add(name);
    }
    return name;
  }

  private async countDead(): Promise<void> {
    const since = (await this.host.state(['steps_since_fired'])).steps_since_fired;
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
