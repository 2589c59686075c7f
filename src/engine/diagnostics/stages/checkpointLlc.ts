import { SGLD_DEFAULTS, SgldSampler } from '../slt/chains';
import type { LlcHealth } from '../slt/health';
import { estimateLlcWith } from '../slt/llc';
import { CheckpointSampling, CheckpointSgldDefaults } from './checkpointSampling';
import { ToyRun } from './toyRun';

/** Sampler settings for a run: the family's defaults with the caller's overrides, and the seed. */
export interface CheckpointSgldSettings extends CheckpointSgldDefaults {
  seed?: number;
}

/** λ̂ at one checkpoint, beside L_n(w*). */
export interface CheckpointLlc {
  step: number;
  file: string;
  /** L_n(w*): the mean training loss over the whole training set. */
  loss: number;
  /** Mean ± std over chains and each chain's λ̂; null when the estimate failed (see `error`). */
  llc: { mean: number; std: number; perChain: (number | null)[] } | null;
  /** L(w*) as the estimator takes it (mean over `chains` minibatches). */
  initLoss: number | null;
  health: LlcHealth | null;
  /** Why there is no estimate (every chain diverged, …). */
  error?: string;
}

/** The settings the chains ran with, as resolved. */
export interface ResolvedSgldSettings {
  epsilon: number;
  localization: number;
  nbeta: number;
  chains: number;
  draws: number;
  burnIn: number;
  batch: number;
  seed: number;
  /** Where the defaults came from. */
  source: string;
}

/**
 * One sampler for a run's family, run at each requested checkpoint's weights with the same seed (common random
 * numbers, so differences between checkpoints are not sampler noise). A failed estimate is reported, not thrown.
 */
export class RunSampler {
  private constructor(private readonly sampler: SgldSampler, private readonly run: ToyRun, private readonly sampling: CheckpointSampling, readonly settings: ResolvedSgldSettings) {}

  static async create(run: ToyRun, sampling: CheckpointSampling, overrides: CheckpointSgldSettings = {}): Promise<RunSampler> {
    const s = { ...sampling.defaults, ...definedOnly(overrides) };
    const sampler = await SgldSampler.create({
      params: sampling.params(0),
      data: sampling.data,
      loss: sampling.loss,
      chains: s.chains,
      batch: s.batch,
      nbeta: s.nbeta,
      localization: s.localization,
    });
    const settings: ResolvedSgldSettings = {
      epsilon: s.epsilon ?? SGLD_DEFAULTS.epsilon,
      localization: sampler.localization,
      nbeta: sampler.nbeta,
      chains: sampler.chains,
      draws: s.draws ?? SGLD_DEFAULTS.draws,
      burnIn: s.burnIn ?? SGLD_DEFAULTS.burnIn,
      batch: sampler.batch,
      seed: overrides.seed ?? SGLD_DEFAULTS.seed,
      source: Object.keys(definedOnly(overrides)).length ? `${sampling.defaultsSource}, with the caller's overrides` : sampling.defaultsSource,
    };
    return new RunSampler(sampler, run, sampling, settings);
  }

  async estimate(index: number, signal?: AbortSignal): Promise<CheckpointLlc> {
    const { file, checkpoint } = this.run.checkpoints[index];
    const at = Object.fromEntries(this.sampling.params(index).map((p) => [p.name, p.value]));
    const { epsilon, draws, burnIn, seed } = this.settings;
    try {
      const e = await estimateLlcWith(this.sampler, { at, epsilon, draws, burnIn, seed, signal });
      return { step: checkpoint.step, file, loss: e.fullLoss, llc: e.llc, initLoss: e.initLoss, health: e.health };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { step: checkpoint.step, file, loss: await this.sampler.fullLoss(at), llc: null, initLoss: null, health: null, error: (error as Error).message };
    }
  }

  release(): Promise<void> {
    return this.sampler.release();
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
