import { MemorySource } from '../data/memorySource';
import type { DecodePath } from '../sae/arch/topkSparse';
import { initialWeights } from '../sae/init';
import { defaultStepsPerRun, trainSae } from '../sae/trainer';
import { buildSaeTrainingGraph } from '../sae/trainingGraph';
import { defaultSpec, SaeTrainingSpec } from '../sae/trainingSpec';
import { Rng } from '../util/random';
import { opProfile, OpTime } from './opProfile';

export interface TopKStepSize {
  dIn: number;
  dSae: number;
  k: number;
  batch: number;
}

export interface TopKStepFigures extends TopKStepSize {
  threads: number;
  decodePath: DecodePath;
  /** Steps per ORT run, as `trainSae` runs them. */
  stepsPerRun: number;
  /** Steps timed (whole runs after a warm-up run). */
  steps: number;
  msPerStep: number;
  tokensPerS: number;
}

/** Batches of distinct rows the source cycles through, so every step reads a fresh input. */
const BATCHES = 4;
const LR = 3e-4;

export const topkSpec = (s: TopKStepSize): SaeTrainingSpec => ({ ...defaultSpec('topk', s.dIn, s.dSae, s.batch), k: s.k });

/** Seeded normal rows: the step's cost does not depend on what they hold. */
const benchRows = (s: TopKStepSize, batches: number) => new Rng(1).fillNormal(new Float32Array(batches * s.batch * s.dIn));

/**
 * Throughput of TopK SAE training as `trainSae` runs it (the real training graph through its StepRunner, a
 * shuffled in-memory source feeding each step its batch, the trainer's own bookkeeping, `stepsPerRun` steps an
 * ORT run): the median time per step over `runs` runs after a warm-up run.
 */
export async function topkStep(size: TopKStepSize, runs: number, threads: number, decodePath: DecodePath = 'auto', stepsPerRun = defaultStepsPerRun(size)): Promise<TopKStepFigures> {
  const source = new MemorySource(benchRows(size, BATCHES), size.dIn, { loop: true });
  const perRun: number[] = [];
  let last: number | undefined;
  await trainSae({
    spec: topkSpec(size),
    source,
    steps: (runs + 1) * stepsPerRun,
    schedule: { lr: LR, warmupSteps: 0, decaySteps: 0, lrEnd: LR },
    sparsityCoefficient: 0,
    sparsityWarmupSteps: 0,
    seed: 0,
    bDecInit: 'zeros',
    progressEvery: stepsPerRun,
    onProgress: () => {
      const now = performance.now();
      if (last !== undefined) perRun.push((now - last) / stepsPerRun);
      last = now;
    },
    threads,
    decodePath,
    stepsPerRun,
  });
  const ms = median(perRun);
  return { ...size, threads, decodePath, stepsPerRun, steps: runs * stepsPerRun, msPerStep: ms, tokensPerS: size.batch / (ms / 1000) };
}

/**
 * Where the TopK step's time goes, by op type: one profiled step (after a warm-up one) of the graph `trainSae`
 * runs while no latent is dead, the variant without AuxK, which is what every step of a short benchmark runs.
 */
export async function topkProfile(size: TopKStepSize, threads: number, decodePath: DecodePath = 'auto'): Promise<OpTime[]> {
  const spec = topkSpec(size);
  const weights = initialWeights(spec, new Rng(0));
  return opProfile(buildSaeTrainingGraph(spec, false, decodePath).graph, { ...weights, x: benchRows(size, 1), lr: LR }, threads);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
