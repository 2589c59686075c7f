import { CheckpointLlc, CheckpointSgldSettings, ResolvedSgldSettings, RunSampler } from './checkpointLlc';
import { checkpointSampling } from './checkpointSampling';
import { DEFAULT_FREE_ENERGY_SIGN, FreeEnergySign, freeEnergyDifference } from './freeEnergy';
import { GrokkingEventOptions, GrokkingEvents, grokkingEvents } from './grokkingEvents';
import { StageDetectionOptions, detectLossDropStages } from './lossDropStages';
import { StageFreeEnergies, stageFreeEnergies } from './stageFreeEnergy';
import { ToyRun, readToyRun, recordAt, recordCurve } from './toyRun';

export interface RunLlcOptions {
  /** Sampler settings over the family's defaults (see `checkpointSampling`). */
  sgld?: CheckpointSgldSettings;
  /** Estimate at every k-th checkpoint (default 1: all); the last one, and for grokking i and j, always. */
  every?: number;
  /** Record key of the loss curve stages are detected on (default: the family's training loss). */
  curve?: string;
  stages?: StageDetectionOptions;
  sign?: FreeEnergySign;
  grokking?: GrokkingEventOptions;
  /** Called after each checkpoint's estimate, in step order. */
  onCheckpoint?: (c: CheckpointLlc, done: number, total: number) => void;
  signal?: AbortSignal;
  /** On abort, stop sampling and report the checkpoints that finished (`cancelled: true`) instead of throwing. */
  keepFinishedOnAbort?: boolean;
}

/** A grokking run's transition i → j and its ΔF (null unless both checkpoints have an estimate). */
export interface GrokkingTransition extends GrokkingEvents {
  deltaF: number | null;
}

export interface RunLlcReport {
  run: string;
  preset: string;
  /** n of the free energy: the training examples. */
  n: number;
  sampler: ResolvedSgldSettings;
  /** The loss curve from the run's records. */
  curve: { key: string; steps: number[]; values: number[] };
  stages: {
    window: number;
    fraction: number;
    threshold: number;
    /** Where each later stage starts: the curve point, its step and its drop score. */
    boundaries: { index: number; step: number; score: number }[];
  };
  checkpoints: CheckpointLlc[];
  freeEnergy: StageFreeEnergies;
  grokking?: GrokkingTransition;
  /** Set when sampling was aborted under `keepFinishedOnAbort`: only the checkpoints that finished are here. */
  cancelled?: boolean;
}

/** Each checkpoint's accuracies from the run's records. */
export function checkpointAccuracies(run: ToyRun) {
  return run.checkpoints.map(({ file, checkpoint }) => {
    const r = recordAt(run, checkpoint.step, file);
    if (typeof r.trainAccuracy !== 'number' || typeof r.validationAccuracy !== 'number') throw new Error(`${file}: the record at step ${checkpoint.step} has no trainAccuracy and validationAccuracy`);
    return { step: checkpoint.step, trainAccuracy: r.trainAccuracy, validationAccuracy: r.validationAccuracy };
  });
}

/**
 * λ̂ at the checkpoints of a saved toy run beside its loss curve, the loss curve's stages by the drop score,
 * ΔF between consecutive stages, and for grokking runs paper 2's transition i → j with its ΔF.
 */
export async function llcAcrossCheckpoints(dir: string, o: RunLlcOptions = {}): Promise<RunLlcReport> {
  const run = await readToyRun(dir);
  const sampling = checkpointSampling(run);
  const every = o.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, got ${every}`);
  const curveKey = o.curve ?? sampling.lossKey;
  const curve = { key: curveKey, ...recordCurve(run, curveKey) };
  const detection = detectLossDropStages(curve.values, o.stages);
  const events = run.preset === 'grokking' ? grokkingEvents(checkpointAccuracies(run), o.grokking) : undefined;

  const last = run.checkpoints.length - 1;
  const chosen = run.checkpoints.map((_, i) => i).filter((i) => i % every === 0 || i === last || i === events?.memorised?.index || i === events?.generalised?.index);
  const sampler = await RunSampler.create(run, sampling, o.sgld);
  const checkpoints: CheckpointLlc[] = [];
  let cancelled = false;
  try {
    for (const index of chosen) {
      try {
        checkpoints.push(await sampler.estimate(index, o.signal));
      } catch (e) {
        if (!(o.keepFinishedOnAbort && o.signal?.aborted)) throw e;
        cancelled = true;
        break;
      }
      o.onCheckpoint?.(checkpoints[checkpoints.length - 1], checkpoints.length, chosen.length);
    }
  } finally {
    await sampler.release();
  }

  const sign = o.sign ?? DEFAULT_FREE_ENERGY_SIGN;
  const states = checkpoints.map((c) => ({ step: c.step, loss: c.loss, llc: c.llc?.mean ?? null }));
  let grokking: GrokkingTransition | undefined;
  if (events) {
    const at = (step: number | undefined) => checkpoints.find((c) => c.step === step && c.llc);
    const [i, j] = [at(events.memorised?.step), at(events.generalised?.step)];
    const deltaF = i && j ? freeEnergyDifference(sampling.n, { loss: i.loss, llc: i.llc!.mean }, { loss: j.loss, llc: j.llc!.mean }, sign) : null;
    grokking = { ...events, deltaF };
  }
  return {
    run: dir,
    preset: run.preset,
    n: sampling.n,
    sampler: sampler.settings,
    curve,
    stages: {
      window: detection.window,
      fraction: detection.fraction,
      threshold: detection.threshold,
      boundaries: detection.boundaries.map((index) => ({ index, step: curve.steps[index], score: detection.scores[index] })),
    },
    checkpoints,
    freeEnergy: stageFreeEnergies(sampling.n, curve.steps, detection.segments, states, sign),
    grokking,
    ...(cancelled ? { cancelled } : {}),
  };
}
