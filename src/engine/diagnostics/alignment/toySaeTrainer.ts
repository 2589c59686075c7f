import { StepRunner, TypedArray } from '../../graph/runner';
import { Rng } from '../../util/random';
import { ToySaeSpec, ToySaeWeights, buildToySaeTrainingGraph, initialToySae } from './toySae';

export interface ToySaeProgress {
  step: number;
  /** Means over the steps since the previous report. */
  mse: number;
  aux: number;
  /** Latents dead in the last batch of the interval. */
  dead: number;
}

export interface ToySaeTrainerOptions {
  lr: number;
  seed: number;
  /** Steps per ORT run (an ONNX Loop) for full runs; leftover batches are stepped one at a time. */
  stepsPerRun: number;
  /** Report every this many steps (and at `finish`). */
  reportEvery: number;
  threads?: number;
}

/**
 * Trains one ToySAE batch after batch on rows it is handed (one epoch, in order, no shuffling, as the paper).
 * Two compiled sessions share the state: a looped one for `stepsPerRun` batches at a time and a single-step one
 * for the rest, so any number of rows that is a whole number of batches can be fed.
 */
export class ToySaeTrainer {
  readonly history: ToySaeProgress[] = [];
  private steps = 0;
  private sums = { mse: 0, aux: 0, n: 0, dead: 0 };
  private current: StepRunner;

  private constructor(
    readonly spec: ToySaeSpec,
    private readonly options: ToySaeTrainerOptions,
    private readonly looped: StepRunner,
    private readonly single: StepRunner,
  ) {
    this.current = looped;
  }

  static async create(spec: ToySaeSpec, options: ToySaeTrainerOptions): Promise<ToySaeTrainer> {
    const graph = () => buildToySaeTrainingGraph(spec);
    const looped = await StepRunner.create(graph(), { stepsPerRun: options.stepsPerRun, stacked: ['x'], threads: options.threads });
    const single = await StepRunner.create(graph(), { threads: options.threads });
    for (const [name, data] of Object.entries(initialToySae(new Rng(options.seed), spec.dIn, spec.width))) looped.setState(name, data);
    return new ToySaeTrainer(spec, options, looped, single);
  }

  get stepsDone(): number {
    return this.steps;
  }

  /** One step per `batch` rows of `rows` ([n·batch, d_in], row-major). */
  async train(rows: Float32Array): Promise<void> {
    const size = this.spec.batch * this.spec.dIn;
    if (rows.length % size !== 0) throw new RangeError(`SAE training needs whole batches of ${this.spec.batch} rows, got ${rows.length / this.spec.dIn} rows`);
    const runSize = size * this.options.stepsPerRun;
    let at = 0;
    for (; at + runSize <= rows.length; at += runSize) this.record(await this.on(this.looped).step({ x: rows.subarray(at, at + runSize), lr: this.options.lr }));
    for (; at < rows.length; at += size) this.record(await this.on(this.single).step({ x: rows.subarray(at, at + size), lr: this.options.lr }));
  }

  /** The weights now, with a final report of any steps not yet reported. */
  finish(): ToySaeWeights {
    if (this.sums.n > 0) this.report();
    const copy = (name: string) => Float32Array.from(this.current.state(name) as Float32Array);
    return { W_enc: copy('W_enc'), b_enc: copy('b_enc'), W_dec: copy('W_dec'), b_dec: copy('b_dec') };
  }

  async release(): Promise<void> {
    await this.looped.release();
    await this.single.release();
  }

  /** The runner to step next, with the state moved over when switching between the two sessions. */
  private on(runner: StepRunner): StepRunner {
    if (runner !== this.current) {
      for (const name of this.current.stateNames) runner.setState(name, this.current.state(name) as Float32Array);
      this.current = runner;
    }
    return runner;
  }

  private record(metrics: Record<string, TypedArray>): void {
    for (let s = 0; s < metrics.loss.length; s++) {
      const loss = metrics.loss[s] as number;
      this.steps++;
      if (!Number.isFinite(loss)) throw new Error(`SAE training: the loss became ${loss} at step ${this.steps}; lower the learning rate`);
      this.sums.mse += metrics.mse[s] as number;
      this.sums.aux += metrics.aux[s] as number;
      this.sums.dead = metrics.dead[s] as number;
      this.sums.n++;
      if (this.steps % this.options.reportEvery === 0) this.report();
    }
  }

  private report(): void {
    const { mse, aux, n, dead } = this.sums;
    this.history.push({ step: this.steps, mse: mse / n, aux: aux / n, dead });
    this.sums = { mse: 0, aux: 0, n: 0, dead: 0 };
  }
}
