import { SaeBundle } from '../../sae/bundle';
import { Rng } from '../../util/random';
import { AlignmentScores, alignmentScores } from './alignmentScores';
import { SaeFit, encodeRows } from './encode';
import { FeatureRecovery, featureRecovery } from './featureRecovery';
import { ModelInput } from './modelInput';
import { PairedRows } from './pairedRows';
import { Representation } from './representation';
import { RIDGE_ALPHAS } from './ridgeCv';
import { AlignmentScore } from './score';
import { TOY_SAE_DEFAULTS, ToySaeSpec, initialToySae, toySaeBundle } from './toySae';
import { ToySaeProgress, ToySaeTrainer } from './toySaeTrainer';

export interface AlignmentJobParams {
  /** The source model (seed 0 in the paper) and the target model (seed 1). */
  a: ModelInput;
  b: ModelInput;
  /**
   * Stimuli for toy models (any activation source of feature vectors). Default: the stream both toy models were
   * trained on, when they share one (the paper's protocol), else `toy:longon`.
   */
  data?: string;
  /** SAEs to use instead of training ToySAEs (any loadable format), per side. */
  sae?: { a?: SaeBundle; b?: SaeBundle };
  /** ToySAE width; default the toy's feature count for toy models, 4·units for activation files. */
  width?: number;
  k?: number;
  lr?: number;
  batch?: number;
  /**
   * SAE training steps (batches). Default: 80% of the rows of finite inputs, or 80% of the rows a toy model
   * was trained on (as the paper: one epoch over the first 80%).
   */
  saeSteps?: number;
  /** Held-out rows the metrics use (default 10,000; at most all held-out rows). */
  evalRows?: number;
  /** Seed of the SAE initialisation (the paper: 0 for both) and of toy stimuli samples. */
  seed?: number;
  folds?: number;
  cvSeed?: number;
  stepsPerRun?: number;
  /** ORT threads for SAE training (default 1: these small graphs run fastest on one thread). */
  threads?: number;
  /** Also score B → A (B's units and latents as the source), in `reverse`. */
  bothDirections?: boolean;
  /** Give every score each target unit's part (`AlignmentScore.perUnit`). */
  perUnit?: boolean;
  log?: (line: string) => void;
  /** Called as SAE training steps and comparisons finish. */
  onProgress?: (progress: AlignmentProgress) => void;
  signal?: AbortSignal;
}

export type Comparison = 'N→N' | 'SAE→N' | 'SAE→SAE' | 'RandSAE→SAE';

export interface AlignmentProgress {
  phase: 'sae' | 'metrics';
  /** SAE steps, or comparisons scored. */
  done: number;
  total: number;
  message: string;
}

export type AlignmentChange = Record<'semi' | 'soft' | 'ridge', { difference: number; relative: number }>;

export interface ComparisonRow {
  comparison: Comparison;
  source: string;
  target: string;
  semi: AlignmentScore;
  soft: AlignmentScore;
  ridge: AlignmentScore;
}

export interface SideSummary {
  label: string;
  kind: ModelInput['kind'];
  units: number;
  sae: {
    origin: 'trained' | 'given';
    width: number;
    k?: number;
    steps?: number;
    history?: ToySaeProgress[];
    /** Reconstruction of the held-out rows. */
    heldOut: SaeFit;
  };
  /** Toy models only: how well the SAE's decoder holds the model's represented features. */
  recovery?: FeatureRecovery;
}

export interface AlignmentResult {
  rows: { saeTraining: number; heldOutStart: number; evaluated: number; available?: number };
  a: SideSummary;
  b: SideSummary;
  table: ComparisonRow[];
  /** SAE→SAE against N→N per metric: the difference and the paper's % change (ratio − 1). */
  change: AlignmentChange;
  /** With `bothDirections`: the same comparisons with B as the source (the random SAE then has B's SAE's shape). */
  reverse?: { table: ComparisonRow[]; change: AlignmentChange };
  protocol: { folds: number; cvSeed: number; alphas: readonly number[]; formulas: Record<'semi' | 'soft' | 'ridge', string> };
}

export const ALIGNMENT_FORMULAS = {
  semi: 'mean_j corr_test(X[:, m(j)], Y[:, j]), m(j) = argmax_i corr_train(X[:, i], Y[:, j])',
  soft: 'Σ_ij P*_ij corr_test(X_i, Y_j), P* = argmin_{P1=1/p, Pᵀ1=1/q, P≥0} Σ_ij P_ij (1 − corr_train(X_i, Y_j)) (exact)',
  ridge: 'mean_j cos(X_test B, Y_test)_j on per-sample layer-normed X, Y; B = RidgeCV(α ∈ 10^[−8..8], no intercept) on the training rows',
} as const;

/** Keeps the randomly initialised control's stream apart from the trained SAEs' seed ("RAND"). */
const RANDOM_SAE_SALT = 0x52414e44;

/**
 * Alignment after disentanglement (Longon, Klindt & Khosla; sae-methods §5): how well model A's units predict
 * model B's on the same stimuli, before and after replacing each model's units by its SAE latent code, with an
 * untrained SAE as control. The SAEs are ToySAEs trained on the first rows of each representation (or given);
 * every metric is computed on the held-out rows that follow.
 */
export async function runAlignment(params: AlignmentJobParams): Promise<AlignmentResult> {
  const log = params.log ?? (() => {});
  const seed = params.seed ?? 0;
  const batch = params.batch ?? TOY_SAE_DEFAULTS.batch;
  const k = params.k ?? TOY_SAE_DEFAULTS.k;
  const lr = params.lr ?? TOY_SAE_DEFAULTS.lr;
  const folds = params.folds ?? 5;
  const cvSeed = params.cvSeed ?? 42;
  const given = { a: params.sae?.a, b: params.sae?.b };
  const paired = await PairedRows.open(params.a, params.b, params.data, seed);
  try {
    const [unitsA, unitsB] = paired.units;
    const sides = [{ input: params.a, units: unitsA, given: given.a }, { input: params.b, units: unitsB, given: given.b }];
    for (const [i, s] of sides.entries()) {
      if (s.given && s.given.cfg.d_in !== s.units) throw new Error(`the SAE for ${s.input.label} takes ${s.given.cfg.d_in} inputs, but it has ${s.units} units`);
      if (s.units < 2) throw new Error(`${s.input.label}: alignment needs at least 2 units, got ${s.units} (side ${'AB'[i]})`);
    }
    const training = sides.some((s) => !s.given);
    const plan = rowPlan(params, paired.rows, training, batch);
    log(`alignment: ${plan.saeSteps} SAE steps of ${batch} rows, then ${plan.evaluated} held-out rows from row ${plan.heldOutStart}`);

    const trainers: (ToySaeTrainer | undefined)[] = [];
    let saes: SaeBundle[];
    try {
      for (const s of sides) {
        trainers.push(s.given ? undefined : await ToySaeTrainer.create(spec(s.input, s.units, params.width, k, batch), {
          lr, seed, stepsPerRun: params.stepsPerRun ?? 16, reportEvery: Math.max(1, Math.ceil(plan.saeSteps / 10)), threads: params.threads ?? 1,
        }));
      }
      const chunkSteps = 64;
      for (let step = 0; step < plan.saeSteps; step += chunkSteps) {
        params.signal?.throwIfAborted();
        const rows = Math.min(chunkSteps, plan.saeSteps - step) * batch;
        const chunk = [new Float32Array(rows * unitsA), new Float32Array(rows * unitsB)];
        await paired.read(rows, chunk[0], chunk[1]);
        for (const [i, t] of trainers.entries()) await t?.train(chunk[i]);
        const done = Math.min(step + chunkSteps, plan.saeSteps);
        const message = `SAE training step ${done}/${plan.saeSteps}: ${trainers.map((t, i) => (t ? `${'AB'[i]} mse ${t.history.at(-1)?.mse.toPrecision(3) ?? '…'}` : `${'AB'[i]} given`)).join(', ')}`;
        if (Math.floor((10 * (step + chunkSteps)) / plan.saeSteps) > Math.floor((10 * step) / plan.saeSteps)) log(message);
        params.onProgress?.({ phase: 'sae', done, total: plan.saeSteps, message });
      }
      saes = sides.map((s, i) => s.given ?? toySaeBundle(trainers[i]!.finish(), s.units, trainers[i]!.spec.width, k, `${s.input.label} (ToySAE)`));
    } finally {
      for (const t of trainers) await t?.release();
    }

    await paired.skip(plan.heldOutStart - plan.saeSteps * batch);
    const held = [new Float32Array(plan.evaluated * unitsA), new Float32Array(plan.evaluated * unitsB)];
    await paired.read(plan.evaluated, held[0], held[1]);
    const neurons: Representation[] = held.map((data, i) => ({ data, rows: plan.evaluated, units: sides[i].units }));
    const encoded = [await encodeRows(saes[0], neurons[0], batch), await encodeRows(saes[1], neurons[1], batch)];
    const random = await encodeRows(randomControl(saes[0], k, seed), neurons[0], batch);
    const randomB = params.bothDirections ? await encodeRows(randomControl(saes[1], k, seed), neurons[1], batch) : undefined;

    const summary = (i: number): SideSummary => {
      const s = sides[i];
      const t = trainers[i];
      const out: SideSummary = {
        label: s.input.label,
        kind: s.input.kind,
        units: s.units,
        sae: {
          origin: s.given ? 'given' : 'trained',
          width: saes[i].cfg.d_sae,
          ...(saes[i].cfg.k !== undefined ? { k: saes[i].cfg.k } : {}),
          ...(t ? { steps: t.stepsDone, history: t.history } : {}),
          heldOut: encoded[i].fit,
        },
      };
      if (s.input.kind === 'longon') out.recovery = featureRecovery(s.input.W, saes[i]);
      return out;
    };
    const [a, b] = [summary(0), summary(1)];
    const cv = { folds, seed: cvSeed, perUnit: params.perUnit };
    const sidePairs = (s: 0 | 1, randomCodes: Representation): Pair[] => {
      const [from, to] = [s === 0 ? 'A' : 'B', s === 0 ? 'B' : 'A'];
      const t = 1 - s;
      return [
        ['N→N', `${from} neurons`, neurons[s], `${to} neurons`, neurons[t]],
        ['SAE→N', `${from} SAE latents`, encoded[s].codes, `${to} neurons`, neurons[t]],
        ['SAE→SAE', `${from} SAE latents`, encoded[s].codes, `${to} SAE latents`, encoded[t].codes],
        ['RandSAE→SAE', `${from} random-SAE latents`, randomCodes, `${to} SAE latents`, encoded[t].codes],
      ];
    };
    const directions = [sidePairs(0, random.codes), ...(randomB ? [sidePairs(1, randomB.codes)] : [])];
    const total = 4 * directions.length;
    const tables: ComparisonRow[][] = [];
    for (const pairs of directions) {
      const table: ComparisonRow[] = [];
      for (const [comparison, source, x, target, y] of pairs) {
        params.signal?.throwIfAborted();
        const s: AlignmentScores = await alignmentScores(x, y, cv);
        table.push({ comparison, source, target, semi: s.semi!, soft: s.soft!, ridge: s.ridge! });
        const message = `${directions.length > 1 ? (tables.length === 0 ? 'A→B ' : 'B→A ') : ''}${comparison}: semi ${s.semi!.mean.toFixed(3)}, soft ${s.soft!.mean.toFixed(3)}, ridge ${s.ridge!.mean.toFixed(3)}`;
        log(message);
        params.onProgress?.({ phase: 'metrics', done: 4 * tables.length + table.length, total, message });
      }
      tables.push(table);
    }
    const [table, reverse] = tables;
    return {
      rows: { saeTraining: plan.saeSteps * batch, heldOutStart: plan.heldOutStart, evaluated: plan.evaluated, ...(paired.rows !== undefined ? { available: paired.rows } : {}) },
      a,
      b,
      table,
      change: change(table),
      ...(reverse ? { reverse: { table: reverse, change: change(reverse) } } : {}),
      protocol: { folds, cvSeed, alphas: RIDGE_ALPHAS, formulas: ALIGNMENT_FORMULAS },
    };
  } finally {
    await paired.close();
  }
}

type Pair = [Comparison, string, Representation, string, Representation];

/** SAE→SAE against N→N per metric. */
function change(table: ComparisonRow[]): AlignmentChange {
  const [base, disentangled] = [table[0], table[2]];
  const delta = (m: 'semi' | 'soft' | 'ridge') => ({ difference: disentangled[m].mean - base[m].mean, relative: disentangled[m].mean / base[m].mean - 1 });
  return { semi: delta('semi'), soft: delta('soft'), ridge: delta('ridge') };
}

function spec(input: ModelInput, units: number, width: number | undefined, k: number, batch: number): ToySaeSpec {
  const w = width ?? (input.kind === 'longon' ? input.W.shape[0] : 4 * units);
  if (!Number.isInteger(w) || w < k) throw new Error(`the SAE width (${w}) must be an integer of at least k = ${k}`);
  return { dIn: units, width: w, k, batch, auxCoefficient: TOY_SAE_DEFAULTS.auxCoefficient, weightDecay: TOY_SAE_DEFAULTS.weightDecay };
}

/** The control: an untrained ToySAE of A's SAE's shape (xavier init, TopK with the job's k). */
function randomControl(sae: SaeBundle, k: number, seed: number): SaeBundle {
  const { d_in: dIn, d_sae: width } = sae.cfg;
  return toySaeBundle(initialToySae(new Rng((seed ^ RANDOM_SAE_SALT) >>> 0), dIn, width), dIn, width, Math.min(k, width), 'random SAE');
}

interface RowPlan {
  saeSteps: number;
  heldOutStart: number;
  evaluated: number;
}

/**
 * Which rows train the SAEs and which are scored. Finite inputs of N rows: the first ⌊0.8N⌋ train (whole batches
 * only), the metrics use the first `evalRows` of the rest. Endless (toy) stimuli: SAE training reads
 * `saeSteps` batches and the held-out rows follow.
 */
function rowPlan(p: AlignmentJobParams, available: number | undefined, training: boolean, batch: number): RowPlan {
  const trainedRows = [p.a, p.b].flatMap((m) => (m.kind === 'longon' && m.trainedRows !== undefined ? [m.trainedRows] : []));
  const trainEnd = available !== undefined ? Math.floor(0.8 * available) : undefined;
  const defaultSteps = trainEnd !== undefined ? Math.floor(trainEnd / batch) : trainedRows.length ? Math.floor((0.8 * Math.min(...trainedRows)) / batch) : undefined;
  const saeSteps = training ? p.saeSteps ?? defaultSteps : 0;
  if (saeSteps === undefined) throw new Error('say how many SAE training steps to take (saeSteps): the stimuli are endless and the toy models do not record their training rows');
  if (!Number.isInteger(saeSteps) || saeSteps < 0 || (training && saeSteps === 0)) throw new Error(`SAE training needs a positive whole number of steps, got ${saeSteps}`);
  const heldOutStart = trainEnd ?? saeSteps * batch;
  if (saeSteps * batch > heldOutStart) throw new Error(`${saeSteps} SAE steps of ${batch} rows would read into the held-out rows (which start at row ${heldOutStart})`);
  const wanted = p.evalRows ?? 10000;
  const evaluated = available !== undefined ? Math.min(wanted, available - heldOutStart) : wanted;
  if (!(evaluated >= (p.folds ?? 5))) throw new Error(`too few held-out rows to cross-validate: ${evaluated}`);
  return { saeSteps, heldOutStart, evaluated };
}
