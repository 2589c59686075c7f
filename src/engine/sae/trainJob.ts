import { openSource } from '../sources';
import type { SessionOptions } from '../graph/runner';
import { SaeBundle } from './bundle';
import { BDecInit } from './init';
import { latestCheckpoint, readTrainerState, writeCheckpoint } from './checkpoint';
import { evaluateSae } from './evaluate';
import { loadSae } from './formats/registry';
import { saveSaeLensFolder } from './formats/saelensWriter';
import { Metric } from './metrics';
import { TrainProgress, trainSae } from './trainer';
import type { L0Schedule } from '../diagnostics/l0/l0Schedule';
import type { L0SearchOptions, L0SearchPoint } from '../diagnostics/l0/l0Search';
import { SaeTrainingSpec, TrainingArchitecture, defaultSpec } from './trainingSpec';

export interface TrainJobParams {
  arch: TrainingArchitecture;
  data: string;
  /** d_sae; default 4·d_in. */
  width?: number;
  k?: number;
  /** λ₁ for 'standard', λ_s for 'jumprelu' (SAELens default 1). */
  l1?: number;
  prefixes?: number[];
  gamma?: number;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  /** An SAE (any loadable format) whose weights start the run. */
  init?: string;
  shuffle: boolean;
  out: string;
  /** Save a checkpoint every N steps into `<out>-checkpoints/`. */
  checkpointEvery?: number;
  /** Continue from the newest checkpoint in `<out>-checkpoints/`. */
  resume?: boolean;
  /** Held-out rows for the final metrics. */
  evalRows: number;
  lrWarmupSteps?: number;
  /** Linear decay to 0 over the last N steps. */
  lrDecaySteps?: number;
  /** Sparsity-coefficient warm-up (default steps/20). */
  sparsityWarmupSteps?: number;
  bDecInit?: BDecInit;
  normalizeActivations?: 'none' | 'expected_average_only_in';
  /** Overrides of the architecture spec (unit-norm decoder, AuxK coefficient, JumpReLU settings, …). */
  spec?: Partial<Pick<SaeTrainingSpec, 'applyBDecToInput' | 'unitNormDecoder' | 'auxCoefficient' | 'rescaleActsByDecoderNorm' | 'deadWindow'>> & {
    jumprelu?: Partial<SaeTrainingSpec['jumprelu']>;
  };
  /** TopK, BatchTopK, Matryoshka: move k linearly between two values (Sparse but Wrong A.8). */
  l0Schedule?: L0Schedule;
  /** TopK, BatchTopK, Matryoshka: search k during training, starting at `k` (Sparse but Wrong A.11). */
  l0Search?: L0SearchOptions;
  /** Steps per ORT run (default `defaultStepsPerRun`); 1 saves the memory of a looped run (about the state once more). */
  stepsPerRun?: number;
}

export interface TrainJobResult {
  out: string;
  cancelled: boolean;
  steps: number;
  spec: SaeTrainingSpec;
  final?: TrainProgress;
  metrics: Metric[];
  checkpoints: string[];
  /** The L0 search's moves, when it ran. */
  l0Search?: L0SearchPoint[];
}

export const checkpointDir = (out: string): string => `${out}-checkpoints`;

/**
 * Train an SAE on a source, checkpoint it, save it as a SAELens folder and evaluate it on held-out rows.
 * Cancelled runs keep their checkpoints and write no final folder.
 */
export interface TrainJobIo {
  log?: (line: string) => void;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Called with each checkpoint folder once it is written in full. */
  onCheckpoint?: (folder: string, step: number) => void;
  /** ORT threads and execution provider for training and the final evaluation. */
  session?: SessionOptions;
}

export async function runTrainJob(p: TrainJobParams, io: TrainJobIo = {}): Promise<TrainJobResult> {
  const log = io.log ?? (() => {});
  const { source, truth } = await openSource(p.data, { seed: p.seed, shuffle: p.shuffle, loop: true });
  try {
    const resumeFrom = p.resume ? await latestCheckpoint(checkpointDir(p.out)) : undefined;
    const resumed = resumeFrom ? await readTrainerState(resumeFrom) : undefined;
    const spec = resumed?.spec ?? specFor(p, source.dIn);
    if (resumed) log(`resuming from ${resumeFrom} at step ${resumed.state.step}`);
    const init = p.init && !resumed ? await initialFrom(p.init, spec) : undefined;
    log(`training ${spec.architecture} SAE: d_in ${spec.dIn}, d_sae ${spec.dSae}, batch ${spec.batch}, ${p.steps} steps on ${source.describe()}`);

    const checkpoints: string[] = [];
    const result = await trainSae({
      spec,
      source,
      steps: p.steps,
      schedule: { lr: p.lr, warmupSteps: p.lrWarmupSteps ?? 0, decaySteps: p.lrDecaySteps ?? 0, lrEnd: 0 },
      sparsityCoefficient: p.l1 ?? 1,
      sparsityWarmupSteps: p.sparsityWarmupSteps ?? Math.floor(p.steps / 20),
      seed: p.seed,
      bDecInit: p.bDecInit ?? 'zeros',
      normalizeActivations: p.normalizeActivations,
      init,
      resume: resumed?.state,
      // Every steps/20, but at least every 200 steps so long runs show progress soon.
      progressEvery: Math.max(1, Math.min(200, Math.floor(p.steps / 20))),
      onProgress: (pr) => {
        log(progressLine(pr));
        io.onProgress?.(pr);
      },
      checkpointEvery: p.checkpointEvery,
      onCheckpoint: async (bundle, state) => {
        const folder = await writeCheckpoint(checkpointDir(p.out), bundle, state, spec);
        checkpoints.push(folder);
        io.onCheckpoint?.(folder, state.step);
      },
      signal: io.signal,
      threads: io.session?.threads,
      executionProvider: io.session?.executionProvider,
      l0Schedule: p.l0Schedule,
      l0Search: p.l0Search,
      stepsPerRun: p.stepsPerRun,
    });
    const final = result.history[result.history.length - 1];
    if (result.cancelled) {
      log(`cancelled at step ${result.state.step}; ${checkpoints.length ? `last checkpoint ${checkpoints[checkpoints.length - 1]}` : 'no checkpoint written'}`);
      return { out: p.out, cancelled: true, steps: result.state.step, spec, final, metrics: [], checkpoints };
    }
    await saveSaeLensFolder(p.out, result.bundle, { sparsity: result.logDensity });
    log(`saved ${p.out}`);
    const { source: heldOut } = await openSource(p.data, { seed: p.seed + 1_000_003, shuffle: true, loop: true });
    try {
      const evaluation = await evaluateSae(result.bundle, heldOut, {
        rows: p.evalRows,
        batch: spec.batch,
        truth: truth ? { features: truth.features, count: truth.nFeatures } : undefined,
        signal: io.signal,
        session: io.session,
      });
      return { out: p.out, cancelled: false, steps: result.state.step, spec, final, metrics: evaluation.metrics, checkpoints, ...(result.l0Search ? { l0Search: result.l0Search } : {}) };
    } finally {
      await heldOut.close();
    }
  } finally {
    await source.close();
  }
}

function specFor(p: TrainJobParams, dIn: number): SaeTrainingSpec {
  const spec = defaultSpec(p.arch, dIn, p.width ?? 4 * dIn, p.batch);
  if (p.k !== undefined) spec.k = p.k;
  spec.k = Math.min(spec.k, spec.dSae);
  if (p.gamma !== undefined) spec.gamma = p.gamma;
  const { jumprelu, ...rest } = p.spec ?? {};
  Object.assign(spec, rest);
  Object.assign(spec.jumprelu, jumprelu ?? {});
  if (p.arch === 'matryoshka') {
    const widths = [...(p.prefixes ?? []).filter((w) => w < spec.dSae), spec.dSae];
    if (widths.some((w, i) => !Number.isInteger(w) || w < 1 || (i > 0 && w <= widths[i - 1]))) {
      throw new Error(`Matryoshka prefixes must be increasing positive integers below the width ${spec.dSae}, got ${p.prefixes?.join(',')}`);
    }
    spec.matryoshkaWidths = widths;
  }
  return spec;
}

async function initialFrom(path: string, spec: SaeTrainingSpec) {
  const sae: SaeBundle = await loadSae(path);
  if (sae.cfg.d_in !== spec.dIn || sae.cfg.d_sae !== spec.dSae) {
    throw new Error(`${path}: --init SAE is d_in ${sae.cfg.d_in}, d_sae ${sae.cfg.d_sae} but the run needs d_in ${spec.dIn}, d_sae ${spec.dSae}`);
  }
  return { W_enc: sae.W_enc, b_enc: sae.b_enc, W_dec: sae.W_dec, b_dec: sae.b_dec };
}

function progressLine(p: TrainProgress): string {
  const parts = Object.entries(p.parts).map(([k, v]) => `${k} ${v.toExponential(3)}`).join('  ');
  return `step ${String(p.step).padStart(6)}/${p.totalSteps}  loss ${p.loss.toExponential(3)}  ${parts}  L0 ${p.l0.toFixed(2)}  EV ${p.explainedVariance.toFixed(4)}  dead ${(100 * p.deadFraction).toFixed(1)}%  dense ${(100 * p.denseFraction).toFixed(1)}%`;
}
