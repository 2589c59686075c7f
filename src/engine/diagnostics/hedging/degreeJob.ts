import type { ActivationSource } from '../../data/source';
import type { SaeBundle } from '../../sae/bundle';
import { foldActivationScaling } from '../../sae/formats';
import type { InitialWeights } from '../../sae/init';
import { unitRows } from '../../sae/metrics';
import { trainSae, type TrainProgress } from '../../sae/trainer';
import { defaultSpec, type SaeTrainingSpec, type TrainingArchitecture } from '../../sae/trainingSpec';
import { firingCounts } from '../firing';
import { HEDGING_DEGREE_FORMULA, hedgingDegree, type HedgingDegree } from './degree';
import { extendWeights } from './extend';

/**
 * The hedging degree of any SAE on any data (§4.3): the given SAE is the "initial" one; a control copy and a copy
 * with N new latents are trained for the same steps on the same batches (the source restarts for each), with a
 * fresh optimiser, and their decoders compared (see `hedgingDegree`). The continued training uses the SAE's own
 * architecture: standard (ReLU + L1, λ₁ = `l1`), topk (its k), batchtopk and matryoshka (as BatchTopK with its k).
 * JumpReLU and gated SAEs, including our BatchTopK saves, continue as BatchTopK with k = their L0 measured on the
 * data: a JumpReLU's thresholds cannot be trained on without the hyperparameters that made them.
 */
export interface HedgingDegreeJobOptions {
  /** New latents N (default 64). */
  newLatents?: number;
  /** Steps of each continued run (default 2000), rows per step (1024), Adam learning rate (3e-4). */
  steps?: number;
  batch?: number;
  lr?: number;
  /** Seeds the new latents, the training and the baselines (default 0). */
  seed?: number;
  /** Random baselines (default 50). */
  baselines?: number;
  /** Override the continued architecture, its k, or its sparsity coefficient (λ₁ or λ_s; default 1, SAELens' default). */
  arch?: TrainingArchitecture;
  k?: number;
  l1?: number;
  /** Rows used to measure L0 when k must come from the data (default 16384). */
  rows?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onProgress?: (run: 'control' | 'extended', p: TrainProgress) => void;
}

export interface HedgingDegreeResult extends HedgingDegree {
  architecture: TrainingArchitecture;
  k?: number;
  l1?: number;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  cancelled: boolean;
  /**
   * New latents that fired in the extended run's last tenth of steps. TopK-family SAEs start them dead (they lose the
   * top-k race) until AuxK revives them after the dead window (1000 steps), so short runs can leave h meaningless.
   */
  newLatentsFiring: number;
  /** The last progress report of each continued run. */
  control?: TrainProgress;
  extended?: TrainProgress;
  formula: string;
}

export async function runHedgingDegree(sae: SaeBundle, source: ActivationSource, o: HedgingDegreeJobOptions = {}): Promise<HedgingDegreeResult> {
  const raw = rawInputSae(sae);
  const { d_in: dIn, d_sae: width } = raw.cfg;
  if (source.dIn !== dIn) throw new Error(`${source.describe()}: rows have ${source.dIn} values but the SAE expects d_in ${dIn}`);
  const n = o.newLatents ?? 64, steps = o.steps ?? 2000, batch = o.batch ?? 1024, lr = o.lr ?? 3e-4, seed = o.seed ?? 0;
  const log = o.log ?? (() => {});
  const spec = await continuationSpec(raw, source, o, batch);
  const l1 = usesSparsityCoefficient(spec.architecture) ? (o.l1 ?? 1) : undefined;
  log(`continuing as ${spec.architecture}${l1 === undefined ? ` (k ${spec.k})` : ` (λ ${l1})`}: control d_sae ${width}, extended ${width + n}, ${steps} steps each`);
  const weights: InitialWeights = { W_enc: raw.W_enc, b_enc: raw.b_enc, W_dec: raw.W_dec, b_dec: raw.b_dec };
  const run = (name: 'control' | 'extended', s: SaeTrainingSpec, init: InitialWeights) =>
    trainSae({
      spec: s,
      source,
      steps,
      schedule: { lr, warmupSteps: 0, decaySteps: 0, lrEnd: 0 },
      sparsityCoefficient: l1 ?? 0,
      sparsityWarmupSteps: 0,
      seed,
      bDecInit: 'zeros',
      init,
      progressEvery: Math.max(1, Math.floor(steps / 10)),
      onProgress: (p) => o.onProgress?.(name, p),
      signal: o.signal,
    });
  const control = await run('control', spec, weights);
  const extended = await run('extended', { ...spec, dSae: width + n }, extendWeights(weights, dIn, width, n, seed));
  const degree = hedgingDegree({
    control: unitRows(control.bundle.W_dec, width, dIn),
    extended: unitRows(extended.bundle.W_dec, width + n, dIn),
    width,
    dim: dIn,
    baselines: o.baselines,
    seed,
  });
  return {
    ...degree,
    architecture: spec.architecture,
    k: l1 === undefined ? spec.k : undefined,
    l1,
    steps,
    batch,
    lr,
    seed,
    cancelled: control.cancelled || extended.cancelled,
    newLatentsFiring: extended.logDensity.subarray(width).filter((logDensity) => logDensity > -9).length,
    control: control.history.at(-1),
    extended: extended.history.at(-1),
    formula: HEDGING_DEGREE_FORMULA,
  };
}

/** The SAE taking raw activations: a known expected_average_only_in factor is folded into the weights. */
function rawInputSae(sae: SaeBundle): SaeBundle {
  const norm = sae.cfg.normalize_activations;
  if (norm === 'none') return sae;
  if (norm === 'expected_average_only_in') {
    const s = Number(sae.cfg.extra.norm_scaling_factor ?? sae.cfg.extra.scaling_factor ?? NaN);
    return Number.isFinite(s) ? foldActivationScaling(sae, s) : sae;
  }
  throw new Error(`${sae.source.path}: the hedging degree continues training on raw activations, which a ${norm} SAE does not take`);
}

async function continuationSpec(sae: SaeBundle, source: ActivationSource, o: HedgingDegreeJobOptions, batch: number): Promise<SaeTrainingSpec> {
  const { cfg } = sae;
  const own: Record<string, TrainingArchitecture> = { standard: 'standard', topk: 'topk', batchtopk: 'batchtopk', matryoshka_batchtopk: 'batchtopk' };
  const arch = o.arch ?? own[cfg.architecture] ?? 'batchtopk';
  const spec = defaultSpec(arch, cfg.d_in, cfg.d_sae, batch);
  spec.applyBDecToInput = cfg.apply_b_dec_to_input;
  spec.rescaleActsByDecoderNorm = arch === 'topk' && (cfg.rescale_acts_by_decoder_norm ?? false);
  if (usesSparsityCoefficient(arch)) return spec;
  const k = o.k ?? cfg.k ?? (await measuredL0(sae, source, o.rows ?? 16384, o.signal));
  if (!(k > 0)) throw new Error(`${sae.source.path}: no latent fired on the data, so there is no k to continue with; pass --k`);
  spec.k = arch === 'topk' ? Math.max(1, Math.round(k)) : k;
  return spec;
}

const usesSparsityCoefficient = (arch: TrainingArchitecture) => arch === 'standard' || arch === 'jumprelu';

async function measuredL0(sae: SaeBundle, source: ActivationSource, rows: number, signal?: AbortSignal): Promise<number> {
  const counted = await firingCounts(sae, source, rows, 1024, signal);
  return counted.fired.reduce((a, b) => a + b, 0) / Math.max(1, counted.rows);
}
