import type { FeedValue, StepRunner } from '../../../graph/runner';
import { saveModelCheckpoint } from '../checkpoint';
import type { ModelRecord, NamedTensor, ToyModelRun, ToyModelTrainOptions } from '../types';

/** What a toy model hands the shared loop: its compiled step, its batches and its measurements. */
export interface TrainingSession {
  runner: StepRunner;
  /** Feeds of the next step: a fresh batch and the learning rate. */
  feeds(): Record<string, FeedValue>;
  /** The training metric output averaged into each record as `loss`. */
  lossOutput: string;
  /** Held-out metrics of the model as it is now. */
  measure(): Promise<Record<string, number>>;
  /** Carried states that are model parameters, with their shapes. */
  params: Record<string, number[]>;
}

export interface TrainLoopSpec {
  preset: string;
  config: Record<string, number>;
  steps: number;
  /** Record metrics every this many steps (and at step 0, at each checkpoint and at the end). */
  recordEvery: number;
}

/**
 * Steps a session, recording `loss` (the mean training loss since the previous record) and the session's
 * measurements, and saving checkpoints. Cancelling stops after the current step; that step is recorded and,
 * with an output folder, saved.
 */
export async function runTrainingLoop(spec: TrainLoopSpec, session: TrainingSession, options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const { preset, config, steps, recordEvery } = spec;
  const { checkpointEvery, outDir, log, signal } = options;
  if (checkpointEvery !== undefined && !outDir) throw new RangeError(`${preset}: checkpointEvery needs outDir`);
  const records: ModelRecord[] = [{ step: 0, ...(await session.measure()) }];
  options.onRecord?.(records[0]);
  const checkpoints: string[] = [];
  let lossSum = 0;
  let lossCount = 0;
  let step = 0;
  let cancelled = false;
  while (step < steps) {
    const metrics = await session.runner.step(session.feeds());
    step++;
    lossSum += Number(metrics[session.lossOutput][0]);
    lossCount++;
    cancelled = signal?.aborted ?? false;
    const last = step === steps || cancelled;
    const checkpoint = outDir !== undefined && (last || (checkpointEvery !== undefined && step % checkpointEvery === 0));
    if (!last && !checkpoint && step % recordEvery !== 0) continue;
    const record: ModelRecord = { step, loss: lossSum / lossCount, ...(await session.measure()) };
    records.push(record);
    options.onRecord?.(record);
    log?.(`${preset} step ${step}/${steps}  ${recordLine(record)}`);
    lossSum = lossCount = 0;
    if (checkpoint) {
      const file = await saveModelCheckpoint(outDir, { preset, step, config, params: currentParams(session), records });
      checkpoints.push(file);
      options.onCheckpoint?.(file, step);
    }
    if (cancelled) break;
  }
  return { preset, config, steps: step, cancelled, params: currentParams(session), records, checkpoints };
}

function currentParams(session: TrainingSession): Record<string, NamedTensor> {
  return Object.fromEntries(
    Object.entries(session.params).map(([name, shape]) => [name, { shape: [...shape], data: Float32Array.from(session.runner.state(name) as Float32Array) }]),
  );
}

function recordLine({ step: _step, ...metrics }: ModelRecord): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`)
    .join('  ');
}
