import { FeedValue, StepRunner, TypedArray } from '../../graph/runner';
import { saveModelCheckpoint } from './checkpoint';
import { PresetConfig, positiveInteger, resolvePresetConfig } from './presetConfig';
import { ModelRecord, NamedTensor, ToyModelRun, ToyModelTrainOptions } from './types';

/** What a preset hands the shared training loop: a compiled runner and how to feed and measure it. */
export interface TrainingLoop {
  preset: string;
  config: PresetConfig;
  steps: number;
  runner: StepRunner;
  /** Feeds of the next run (per-step inputs stacked when the runner loops several steps per run). */
  feeds(): Record<string, FeedValue>;
  /** Whether to measure the model after `step` steps; step 0 and the last step are always measured. */
  recordAt(step: number): boolean;
  /** Called with the per-step metrics of every run, before any measurement after it. */
  afterRun?(metrics: Record<string, TypedArray>): void;
  /** Measure the model at its current weights; `run` holds the metrics of the run just finished (none at step 0). */
  measure(step: number, run?: Record<string, TypedArray>): Promise<ModelRecord>;
  /** Copies of the parameters a checkpoint holds. */
  params(): Record<string, NamedTensor>;
  /** Release the runner and any evaluation sessions. */
  close(): Promise<void>;
}

/**
 * The preset's defaults with the caller's overrides, `options.steps` (when given) as `steps`, and the seed:
 * with it in the config a checkpoint alone can rebuild the run's data (a split, a test set).
 */
export function resolveTrainConfig<C extends PresetConfig>(preset: string, defaults: C, options: ToyModelTrainOptions): C & { seed: number } {
  const config = resolvePresetConfig(preset, defaults, options.overrides);
  const resolved = { ...config, steps: options.steps ?? config.steps, seed: options.seed };
  positiveInteger(preset, resolved, 'steps');
  if (options.checkpointEvery !== undefined) positiveInteger(preset, { checkpointEvery: options.checkpointEvery }, 'checkpointEvery');
  return resolved;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Steps per ORT run: the preferred loop length, shortened to divide every step count at which the loop must
 * stop (the total, checkpoint and evaluation intervals), since weights are only visible between runs.
 */
export function runLength(preferred: number, ...mustDivide: (number | undefined)[]): number {
  return mustDivide.reduce<number>((k, n) => (n === undefined ? k : gcd(k, n)), preferred);
}

/** A copy of a float32 state buffer of the runner, shaped. */
export function copyState(runner: StepRunner, name: string, shape: number[]): NamedTensor {
  return { shape, data: Float32Array.from(runner.state(name) as Float32Array) };
}

/**
 * Train to `loop.steps`, measuring where asked and checkpointing every `checkpointEvery` steps, at the last
 * step and where a cancellation stops the run (so a cancelled run keeps its progress on disk).
 */
export async function trainLoop(loop: TrainingLoop, options: ToyModelTrainOptions): Promise<ToyModelRun> {
  try {
    return await runToEnd(loop, options);
  } finally {
    await loop.close();
  }
}

async function runToEnd(loop: TrainingLoop, options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const { runner, steps, preset, config } = loop;
  const records: ModelRecord[] = [];
  const record = (r: ModelRecord) => {
    records.push(r);
    options.onRecord?.(r);
  };
  record(await loop.measure(0));
  const checkpoints: string[] = [];
  let savedStep = -1;
  const save = async (step: number) => {
    if (!options.outDir || savedStep === step) return;
    const file = await saveModelCheckpoint(options.outDir, { preset, step, config, params: loop.params(), records });
    checkpoints.push(file);
    savedStep = step;
    options.onCheckpoint?.(file, step);
  };
  let cancelled = false;
  while (runner.steps < steps) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    const before = runner.steps;
    const metrics = await runner.step(loop.feeds());
    loop.afterRun?.(metrics);
    const step = runner.steps;
    if (loop.recordAt(step) || step === steps) record(await loop.measure(step, metrics));
    if ((options.checkpointEvery !== undefined && step % options.checkpointEvery === 0) || step === steps) await save(step);
    if (Math.floor((10 * step) / steps) > Math.floor((10 * before) / steps)) options.log?.(`${preset} step ${step}/${steps}; ${describe(records.at(-1)!)}`);
  }
  if (cancelled && runner.steps > 0) {
    if (records.at(-1)!.step !== runner.steps) record(await loop.measure(runner.steps));
    await save(runner.steps);
    options.log?.(`${preset} cancelled at step ${runner.steps}`);
  }
  return { preset, config, steps: runner.steps, cancelled, params: loop.params(), records, checkpoints };
}

/** The latest record as a log line ('at step 400: trainLoss 0.1234, …'). */
function describe(record: ModelRecord): string {
  const metrics = Object.entries(record)
    .filter(([key]) => key !== 'step')
    .map(([key, value]) => `${key} ${value.toPrecision(4)}`);
  return `at step ${record.step}: ${metrics.join(', ')}`;
}
