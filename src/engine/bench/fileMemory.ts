import { basename } from 'node:path';
import { FileSource } from '../data/fileSource';
import { openActivationSource } from '../data/parseSource';
import { trainSae } from '../sae/trainer';
import { benchCacheDir } from './benchPaths';
import { syntheticNpy } from './syntheticNpy';
import { topkSpec, TopKStepSize } from './topkStep';

export interface FileMemoryPlan extends TopKStepSize {
  /** Rows of the synthetic file; its size is rows × d_in × 4 bytes. */
  rows: number;
  /** Training stops after one pass over the file or after this long, whichever comes first. */
  budgetS: number;
  threads: number;
}

export interface FileMemoryFigures extends TopKStepSize {
  file: string;
  fileMb: number;
  steps: number;
  seconds: number;
  msPerStep: number;
  /** Rows trained on, as a fraction of the file's rows. */
  fractionTrained: number;
  bufferRows: number;
  chunkRows: number;
  /** The most the file source itself holds: its shuffle buffer and two chunks (the one read ahead), in MiB. */
  sourceMb: number;
  /** This process's peak resident set size, in MB (MiB): everything it did, from start to the end of training. */
  peakRssMb: number;
}

const SEED = 0;
const PROGRESS_INTERVAL_MS = 15_000;

/**
 * Trains a TopK SAE from a synthetic .npy through the file source's bounded shuffle buffer, as a user's run
 * would, and reports the process's peak memory. Run it in a process of its own: peak RSS is process-wide.
 */
export async function fileMemory(plan: FileMemoryPlan, log: (line: string) => void): Promise<FileMemoryFigures> {
  const path = await syntheticNpy(benchCacheDir(), plan.rows, plan.dIn, SEED, log);
  const source = await openActivationSource(path, { shuffle: true, seed: SEED, loop: true, expectDIn: plan.dIn });
  try {
    const epochSteps = Math.ceil(plan.rows / plan.batch);
    const started = performance.now();
    let lastLog = started;
    const result = await trainSae({
      spec: topkSpec(plan),
      source,
      steps: epochSteps,
      schedule: { lr: 3e-4, warmupSteps: 0, decaySteps: 0, lrEnd: 3e-4 },
      sparsityCoefficient: 0,
      sparsityWarmupSteps: 0,
      seed: SEED,
      bDecInit: 'zeros',
      progressEvery: 1,
      onProgress: (p) => {
        if (performance.now() - lastLog < PROGRESS_INTERVAL_MS) return;
        lastLog = performance.now();
        log(`step ${p.step} of at most ${p.totalSteps}: loss ${p.loss.toPrecision(4)}, peak RSS so far ${peakRssMb().toFixed(0)} MB`);
      },
      signal: AbortSignal.timeout(plan.budgetS * 1000),
      threads: plan.threads,
    });
    const seconds = (performance.now() - started) / 1000;
    const steps = result.state.step;
    const stats = source instanceof FileSource ? source.stats() : undefined;
    return {
      dIn: plan.dIn,
      dSae: plan.dSae,
      k: plan.k,
      batch: plan.batch,
      file: basename(path),
      fileMb: (plan.rows * plan.dIn * 4) / 2 ** 20,
      steps,
      seconds,
      msPerStep: (seconds * 1000) / Math.max(1, steps),
      fractionTrained: (steps * plan.batch) / plan.rows,
      bufferRows: stats?.bufferCapacityRows ?? 0,
      chunkRows: stats?.chunkRows ?? 0,
      sourceMb: stats ? ((stats.bufferCapacityRows + 2 * stats.chunkRows) * plan.dIn * 4) / 2 ** 20 : 0,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await source.close();
  }
}

/** maxRSS is in kilobytes. */
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
