import { SaeBundle } from '../../sae/bundle';
import { decoderFeatureCosines, deadCount, meanMaxCosine } from '../../sae/metrics';
import { LrSchedule } from '../../sae/schedule';
import { trainSae } from '../../sae/trainer';
import { SaeTrainingSpec, defaultSpec } from '../../sae/trainingSpec';
import { DEFAULT_SOURCE, openSource } from '../../sources';
import type { ToyTruth } from '../../toys';
import { decoderPairwiseCosine } from './decoderCosine';
import { decoderProjection } from './decoderProjection';
import { DEFAULT_COEFFICIENTS, DEFAULT_L0S } from './defaults';
import { evaluateAtL0 } from './evaluateAtL0';
import { groundTruthSae } from './groundTruthSae';
import { L0Recommendation, recommendL0 } from './recommend';
import { trainStackedBatchTopK } from './stackedTrainer';
import { SweepRows } from './sweepRows';

export type SweepArchitecture = 'batchtopk' | 'topk' | 'jumprelu';

export { DEFAULT_COEFFICIENTS, DEFAULT_L0S };

export interface L0SweepParams {
  /** Activation source (default toy:large). */
  data?: string;
  arch?: SweepArchitecture;
  /** d_sae; default the number of true features of a toy (the paper's h = g), else 4·d_in. */
  width?: number;
  /** k of each BatchTopK / TopK SAE (default DEFAULT_L0S). */
  l0s?: readonly number[];
  /** λ_s of each JumpReLU SAE (default DEFAULT_COEFFICIENTS); their L0 is measured afterwards. */
  coefficients?: readonly number[];
  /** Training steps per SAE (default 4000). */
  steps?: number;
  /** Rows per step (default 1024). */
  batch?: number;
  /** Adam learning rate (default 1e-3, the spec's T3 setting). */
  lr?: number;
  /** Seed of the initialisation (shared by all SAEs) and of the training rows (default 0). */
  seed?: number;
  /** Held-out rows for every metric (default 20480, the spec's 20k-sample batch rounded to whole batches). */
  evalRows?: number;
  /** n of s_n^dec (default: 12 and 18, the paper's toy values, and ⌊d_sae/2⌋, its LLM choice; those ≤ ⌊d_sae/2⌋). */
  projectionNs?: readonly number[];
  /** BatchTopK SAEs trained together; results stream as each group is evaluated (default: all in one group). */
  groupSize?: number;
  stepsPerRun?: number;
  /** Worker threads training BatchTopK SAEs (default one per CPU). */
  workers?: number;
}

export interface L0SweepEntry {
  /** k for BatchTopK and TopK; undefined for JumpReLU. */
  k?: number;
  /** λ_s for JumpReLU. */
  coefficient?: number;
  /** Mean active latents per held-out row (equal to k for BatchTopK and TopK, evaluated at their own L0). */
  l0: number;
  /** Decoder pairwise cosine score c_dec (see decoderPairwiseCosine). */
  cDec: number;
  /** s_n^dec on the held-out rows for each n (see decoderProjection). */
  projections: { n: number; value: number }[];
  /** mean_b Σ_d (x̂ − x)² on the held-out rows (SAELens MSE). */
  mse: number;
  /** 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖². */
  explainedVariance: number;
  /** 1 − Σ‖x − x̂‖² / Σ‖x‖² (Sparse but Wrong's FVE). */
  explainedVarianceUncentred: number;
  /** Latents that never fire on the held-out rows. */
  deadLatents: number;
  /** Toys: (1/g) Σ_j max_i cos(f_j, W_dec[i,:]). */
  mmcs?: number;
  /** Toys: MSE of the ground-truth SAE at the same L0 (BatchTopK, or TopK for a TopK sweep), same rows. */
  groundTruthMse?: number;
  groundTruthExplainedVarianceUncentred?: number;
}

export interface L0SweepResult {
  data: string;
  arch: SweepArchitecture;
  dIn: number;
  width: number;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  evalRows: number;
  /** The toy's expected number of active features per sample. */
  trueL0?: number;
  /** In the order of `l0s` / `coefficients`; a cancelled sweep holds only what finished. */
  entries: L0SweepEntry[];
  recommended?: L0Recommendation;
  cancelled: boolean;
  seconds: { data: number; training: number; evaluation: number; total: number };
}

export interface L0SweepIo {
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Called with each entry as soon as its SAE is trained and evaluated. */
  onResult?: (entry: L0SweepEntry, index: number) => void;
  /** Called just before onResult with the trained SAE and, on toys, the truth, for what the entry does not carry. */
  onSae?: (sae: SaeBundle, entry: L0SweepEntry, truth: ToyTruth | undefined) => void;
  /** Called once the data is open, before any training: the sweep's shape. */
  onStart?: (start: { dIn: number; width: number; trueL0: number | undefined; settings: number[] }) => void;
  /** Training progress over the whole sweep: `done` of `total` training steps, summed over the SAEs or groups. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Sparse but Wrong's L0 diagnostic (§3): SAEs identical but for their L0, trained on the same rows from the same
 * initialisation, each scored by the decoder proxies c_dec and s_n^dec, its reconstruction, its dead latents and,
 * on toys, its recovery of the true features and the ground-truth SAE's MSE at the same L0; then the recommended
 * L0. BatchTopK SAEs train together, a share per CPU (`trainStackedBatchTopK`); TopK and JumpReLU ones one after
 * another with the ordinary trainer. A cancelled sweep returns the entries it finished.
 */
export async function runL0Sweep(params: L0SweepParams, io: L0SweepIo = {}): Promise<L0SweepResult> {
  const started = performance.now();
  const log = io.log ?? (() => {});
  const data = params.data ?? DEFAULT_SOURCE;
  const arch = params.arch ?? 'batchtopk';
  const steps = params.steps ?? 4000;
  const batch = params.batch ?? 1024;
  const lr = params.lr ?? 1e-3;
  const seed = params.seed ?? 0;
  const evalRows = Math.ceil((params.evalRows ?? 20480) / batch) * batch;
  const settings = arch === 'jumprelu' ? [...(params.coefficients ?? DEFAULT_COEFFICIENTS)] : [...(params.l0s ?? DEFAULT_L0S)];
  if (settings.length === 0) throw new Error('an L0 sweep needs at least one L0 (or JumpReLU coefficient)');

  const { source, truth } = await openSource(data, { seed, shuffle: true, loop: true });
  const { source: heldOutSource } = await openSource(data, { seed: seed + 1_000_003, shuffle: true, loop: true });
  const seconds = { data: 0, training: 0, evaluation: 0, total: 0 };
  try {
    const dIn = source.dIn;
    const width = params.width ?? truth?.nFeatures ?? 4 * dIn;
    for (const k of arch === 'jumprelu' ? [] : settings) {
      if (!(k > 0 && k <= width) || (arch === 'topk' && !Number.isInteger(k))) throw new Error(`L0 ${k} is not a valid ${arch} k for width ${width}`);
    }
    const ns = projectionNs(params.projectionNs, width);
    let t = performance.now();
    const heldOut = new Float32Array(evalRows * dIn);
    await heldOutSource.nextBatch(heldOut);
    seconds.data += (performance.now() - t) / 1000;
    const groupSize = Math.max(1, params.groupSize ?? settings.length);
    const rows = new SweepRows(source, steps * batch);
    const spec: SaeTrainingSpec = { ...defaultSpec(arch, dIn, width, batch), ...(arch === 'jumprelu' ? JUMPRELU_TOY : {}) };
    const schedule: LrSchedule = { lr, warmupSteps: 0, decaySteps: 0, lrEnd: 0 };
    log(`L0 sweep: ${settings.length} ${arch} SAEs, d_in ${dIn}, d_sae ${width}, ${steps} steps × ${batch} rows at lr ${lr} on ${source.describe()}`);
    io.onStart?.({ dIn, width, trueL0: truth?.trueL0, settings });

    const entries: L0SweepEntry[] = [];
    const gtCache = new Map<number, { mse: number; fve: number }>();
    const finish = async (bundle: SaeBundle, setting: number) => {
      const e = performance.now();
      const entry = await scoreSae(bundle, arch, setting, heldOut, evalRows, batch, ns, truth, gtCache, io.signal);
      seconds.evaluation += (performance.now() - e) / 1000;
      entries.push(entry);
      io.onSae?.(bundle, entry, truth);
      io.onResult?.(entry, entries.length - 1);
      log(entryLine(entry));
    };
    let cancelled = false;
    const runs = arch === 'batchtopk' ? Math.ceil(settings.length / groupSize) : settings.length;
    const progress = (run: number, step: number) => io.onProgress?.(run * steps + step, runs * steps);
    if (arch === 'batchtopk') {
      for (let start = 0; start < settings.length && !cancelled; start += groupSize) {
        const ks = settings.slice(start, start + groupSize);
        t = performance.now();
        const trained = await trainStackedBatchTopK({
          spec, ks, rows, steps, schedule, seed,
          stepsPerRun: params.stepsPerRun,
          workers: params.workers,
          progressEvery: Math.max(1, Math.floor(steps / 10)),
          onProgress: (p) => {
            log(`step ${p.step}/${p.totalSteps}  MSE ${p.mse.map((v) => v.toFixed(3)).join(' ')}`);
            progress(start / groupSize, p.step);
          },
          signal: io.signal,
        });
        seconds.training += (performance.now() - t) / 1000;
        cancelled = trained.cancelled;
        if (!cancelled) for (const [i, bundle] of trained.bundles.entries()) await finish(bundle, ks[i]);
      }
    } else {
      for (const [run, setting] of settings.entries()) {
        t = performance.now();
        const trained = await trainSae({
          spec: arch === 'topk' ? { ...spec, k: setting } : spec,
          source: rows,
          steps,
          schedule,
          sparsityCoefficient: arch === 'jumprelu' ? setting : 0,
          sparsityWarmupSteps: arch === 'jumprelu' ? Math.round((2 * steps) / 3) : 0,
          normalizeActivations: arch === 'jumprelu' ? 'expected_average_only_in' : 'none',
          seed,
          bDecInit: 'zeros',
          progressEvery: Math.max(1, Math.floor(steps / 10)),
          onProgress: (p) => progress(run, p.step),
          signal: io.signal,
        });
        seconds.training += (performance.now() - t) / 1000;
        cancelled = trained.cancelled;
        if (cancelled) break;
        await finish(trained.bundle, setting);
      }
    }
    seconds.total = (performance.now() - started) / 1000;
    const recommended = recommendL0(entries, truth !== undefined);
    if (recommended) log(`recommended L0 ${recommended.l0.toFixed(2)}: ${recommended.description}`);
    return { data, arch, dIn, width, steps, batch, lr, seed, evalRows, trueL0: truth?.trueL0, entries, recommended, cancelled, seconds };
  } finally {
    await source.close();
    await heldOutSource.close();
  }
}

/**
 * The paper's JumpReLU toy settings (§3.2): bandwidth 2, initial threshold 0.1, tanh sparsity loss, activations
 * normalised (`expected_average_only_in`); its λ_s warm-up of 10,000 of 14,648 steps becomes two thirds of ours.
 */
const JUMPRELU_TOY: Partial<SaeTrainingSpec> = {
  jumprelu: { bandwidth: 2, initThreshold: 0.1, sparsityMode: 'tanh', tanhScale: 4, preActCoefficient: 0 },
};

function projectionNs(given: readonly number[] | undefined, width: number): number[] {
  const half = Math.floor(width / 2);
  const ns = given ? [...given] : [12, 18, half].filter((n) => n <= half);
  for (const n of ns) if (!(Number.isInteger(n) && n >= 1 && n < width)) throw new Error(`s_n^dec needs an integer n in [1, ${width - 1}], got ${n}`);
  return [...new Set(ns)].sort((a, b) => a - b);
}

async function scoreSae(sae: SaeBundle, arch: SweepArchitecture, setting: number, X: Float32Array, rows: number, batch: number, ns: number[],
  truth: ToyTruth | undefined, gtCache: Map<number, { mse: number; fve: number }>, signal?: AbortSignal): Promise<L0SweepEntry> {
  const { d_in: dIn, d_sae: dSae } = sae.cfg;
  const stats = await evaluateAtL0(sae, X, rows, batch, signal);
  const values = await decoderProjection({ W_dec: sae.W_dec, b_dec: sae.b_dec, dSae, dIn }, X, rows, ns, signal);
  const entry: L0SweepEntry = {
    ...(arch === 'jumprelu' ? { coefficient: setting } : { k: setting }),
    l0: stats.l0,
    cDec: await decoderPairwiseCosine(sae.W_dec, dSae, dIn, signal),
    projections: ns.map((n, i) => ({ n, value: values[i] })),
    mse: stats.mse,
    explainedVariance: stats.explainedVariance,
    explainedVarianceUncentred: stats.explainedVarianceUncentred,
    deadLatents: deadCount(stats.fireCounts),
  };
  if (truth) {
    entry.mmcs = meanMaxCosine(decoderFeatureCosines(sae.W_dec, dSae, dIn, truth.features, truth.nFeatures)).perFeature;
    const k = arch === 'jumprelu' ? stats.l0 : setting;
    let gt = gtCache.get(k);
    if (!gt) {
      const reference = groundTruthSae(truth, k);
      if (arch === 'topk') reference.cfg.architecture = 'topk';
      const s = await evaluateAtL0(reference, X, rows, batch, signal);
      gtCache.set(k, (gt = { mse: s.mse, fve: s.explainedVarianceUncentred }));
    }
    entry.groundTruthMse = gt.mse;
    entry.groundTruthExplainedVarianceUncentred = gt.fve;
  }
  return entry;
}

function entryLine(e: L0SweepEntry): string {
  const setting = e.k !== undefined ? `k ${e.k}` : `λ_s ${e.coefficient}`;
  const s = e.projections.map((p) => `s_${p.n} ${p.value.toFixed(4)}`).join('  ');
  const gt = e.groundTruthMse !== undefined ? `  GT MSE ${e.groundTruthMse.toFixed(3)}  MMCS ${e.mmcs!.toFixed(3)}` : '';
  return `${setting}: L0 ${e.l0.toFixed(2)}  c_dec ${e.cDec.toFixed(4)}  ${s}  MSE ${e.mse.toFixed(3)}  EV ${e.explainedVariance.toFixed(4)}  dead ${e.deadLatents}${gt}`;
}
