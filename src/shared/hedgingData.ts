/**
 * Feature-hedging diagnostics as they cross boundaries: what the user asked for, each part as it finishes, and the
 * whole outcome (the shapes of the engine's results in src/engine/diagnostics/hedging).
 */
import type { HedgingDegree } from '../engine/diagnostics/hedging/degree';
import type { BalanceSweepResult, ParentLatent } from '../engine/diagnostics/hedging/balance';
import type { SingleLatentResult } from '../engine/diagnostics/hedging/singleLatent';
import { parseTrainPoint, type TrainPoint } from './trainData';
import { FieldReader } from './validate';

export const HEDGING_MODES = ['toys', 'sae', 'gamma'] as const;
export type HedgingMode = (typeof HEDGING_MODES)[number];

/**
 * `null` takes the engine's defaults (the paper's): the four single-latent toys; γ ∈ {0, 0.1, 0.25, 0.5, 0.75, 1, 2, 5};
 * 24 414 steps of 500 for the toys, 2000 steps of 1024 rows for an SAE.
 */
export type HedgingSettings =
  /** Single-latent toys, one after another: `toy:hedging-*` sources. */
  | { mode: 'toys'; toys: string[] | null; steps: number | null; seed: number }
  /** The hedging degree of the SAE at `sae` (file or folder) on `data`. */
  | { mode: 'sae'; sae: string; data: string; steps: number | null; newLatents: number; baselines: number; seed: number }
  /** The balanced-Matryoshka sweep on a `toy:tree` source; `detached` adds the β → ∞ run. */
  | { mode: 'gamma'; toy: string; gammas: number[] | null; detached: boolean; steps: number | null; seed: number };

export interface CosinePair {
  parent: number;
  child: number;
}

/** One single-latent toy: the trained latent beside the closed-form optimum θ* = ½·atan(2P₁₂/P₁). */
export type SingleLatentToy = SingleLatentResult;

/** The hedging degree (width, rank, p, b, h, …) with what it was measured on and how. */
export interface HedgingDegreeOutcome extends HedgingDegree {
  sae: string;
  data: string;
  architecture: string;
  k: number | null;
  l1: number | null;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  cancelled: boolean;
  newLatentsFiring: number;
  /** The last progress report of each continued run. */
  control: TrainPoint | null;
  extended: TrainPoint | null;
  formula: string;
}

export type ParentLatentView = ParentLatent;

export interface BalanceRunView {
  label: string;
  /** null for the detached run. */
  gamma: number | null;
  weights: number[];
  parents: ParentLatentView[];
  mixing: number;
  cancelled: boolean;
}

export type BalanceSweepView = Omit<BalanceSweepResult, 'runs'> & { runs: BalanceRunView[] };

/** The whole result of a hedging job; `cancelled` when the user stopped it and only the parts that finished are here. */
export type HedgingOutcome =
  | { mode: 'toys'; cancelled: boolean; toys: SingleLatentToy[] }
  | { mode: 'sae'; cancelled: boolean; degree: HedgingDegreeOutcome | null }
  | { mode: 'gamma'; cancelled: boolean; sweep: BalanceSweepView };

/**
 * A part that finished while the job goes on (a toy, or the γ sweep so far after each of its runs): progress events
 * carry it, so the panel shows it at once and a cancelled job still has it.
 */
export type HedgingPart = { kind: 'toy'; toy: SingleLatentToy } | { kind: 'gamma'; sweep: BalanceSweepView };

// ── Parsers ────────────────────────────────────────────────────────────────────────────────────────────────

export function parseHedgingSettings(value: unknown, what: string): HedgingSettings {
  const r = new FieldReader(value, what);
  const mode = r.oneOf('mode', HEDGING_MODES);
  const steps = r.isNull('steps') ? null : r.integer('steps', 1);
  const seed = r.integer('seed');
  switch (mode) {
    case 'toys': {
      const toys = r.isNull('toys') ? null : r.strings('toys');
      if (toys?.length === 0) throw r.complaintAbout('toys', 'must name at least one toy');
      return { mode, toys, steps, seed };
    }
    case 'sae':
      return { mode, sae: r.string('sae'), data: r.string('data'), steps, newLatents: r.integer('newLatents', 1), baselines: r.integer('baselines', 1), seed };
    case 'gamma': {
      const gammas = r.isNull('gammas') ? null : r.numbers('gammas');
      if (gammas?.some((g) => g < 0)) throw r.complaintAbout('gammas', 'must be ≥ 0');
      return { mode, toy: r.string('toy'), gammas, detached: r.boolean('detached'), steps, seed };
    }
  }
}

const cosinePair = (value: unknown, what: string): CosinePair => {
  const r = new FieldReader(value, what);
  return { parent: r.number('parent'), child: r.number('child') };
};

export function parseSingleLatentToy(value: unknown, what: string): SingleLatentToy {
  const r = new FieldReader(value, what);
  return {
    toy: r.string('toy'),
    steps: r.integer('steps'),
    batch: r.integer('batch', 1),
    lr: r.number('lr'),
    l1: r.number('l1'),
    initNoise: r.number('initNoise'),
    seed: r.integer('seed'),
    cancelled: r.boolean('cancelled'),
    firing: r.object('firing', (v, w) => {
      const f = new FieldReader(v, w);
      return { parentOnly: f.number('parentOnly'), both: f.number('both'), childOnly: f.number('childOnly'), neither: f.number('neither') };
    }),
    analytic: r.object('analytic', (v, w) => {
      const a = new FieldReader(v, w);
      return { theta: a.number('theta'), cosParent: a.number('cosParent'), cosChild: a.number('cosChild') };
    }),
    trained: r.object('trained', (v, w) => {
      const t = new FieldReader(v, w);
      return {
        decoder: t.object('decoder', cosinePair),
        encoder: t.object('encoder', cosinePair),
        bDec: t.object('bDec', (b, bw) => ({ ...cosinePair(b, bw), norm: new FieldReader(b, bw).number('norm') })),
      };
    }),
  };
}

export function parseHedgingDegreeOutcome(value: unknown, what: string): HedgingDegreeOutcome {
  const r = new FieldReader(value, what);
  const point = (key: string) => (r.isNull(key) ? null : r.object(key, parseTrainPoint));
  return {
    sae: r.string('sae'),
    data: r.string('data'),
    width: r.integer('width', 1),
    newLatents: r.integer('newLatents', 1),
    rank: r.integer('rank'),
    deltaNorm: r.number('deltaNorm'),
    deltaProjection: r.number('deltaProjection'),
    controlNorm: r.number('controlNorm'),
    portion: r.number('portion'),
    baseline: r.number('baseline'),
    baselineStd: r.number('baselineStd'),
    baselines: r.integer('baselines', 1),
    baselineSamples: r.numbers('baselineSamples'),
    degree: r.number('degree'),
    meanCosine: r.number('meanCosine'),
    architecture: r.string('architecture'),
    k: r.nullableNumber('k'),
    l1: r.nullableNumber('l1'),
    steps: r.integer('steps'),
    batch: r.integer('batch', 1),
    lr: r.number('lr'),
    seed: r.integer('seed'),
    cancelled: r.boolean('cancelled'),
    newLatentsFiring: r.integer('newLatentsFiring'),
    control: point('control'),
    extended: point('extended'),
    formula: r.string('formula'),
  };
}

const parentSide = (value: unknown, what: string) => {
  const s = new FieldReader(value, what);
  return { parent: s.number('parent'), children: s.numbers('children') };
};

function parseParentLatent(value: unknown, what: string): ParentLatentView {
  const r = new FieldReader(value, what);
  return {
    latent: r.integer('latent'),
    feature: r.integer('feature'),
    children: r.numbers('children'),
    decoder: r.object('decoder', parentSide),
    encoder: r.object('encoder', parentSide),
    absorption: r.number('absorption'),
    hedging: r.number('hedging'),
    mixing: r.number('mixing'),
  };
}

function parseBalanceRun(value: unknown, what: string): BalanceRunView {
  const r = new FieldReader(value, what);
  return {
    label: r.string('label'),
    gamma: r.nullableNumber('gamma'),
    weights: r.numbers('weights'),
    parents: r.array('parents', parseParentLatent),
    mixing: r.number('mixing'),
    cancelled: r.boolean('cancelled'),
  };
}

export function parseBalanceSweep(value: unknown, what: string): BalanceSweepView {
  const r = new FieldReader(value, what);
  return {
    toy: r.string('toy'),
    steps: r.integer('steps'),
    batch: r.integer('batch', 1),
    lr: r.number('lr'),
    l1: r.number('l1'),
    seed: r.integer('seed'),
    order: r.numbers('order'),
    widths: r.numbers('widths'),
    runs: r.array('runs', parseBalanceRun),
    balance: r.isNull('balance')
      ? null
      : r.object('balance', (v, w) => {
          const b = new FieldReader(v, w);
          return { gamma: b.number('gamma'), mixing: b.number('mixing') };
        }),
  };
}

export function parseHedgingOutcome(value: unknown, what: string): HedgingOutcome {
  const r = new FieldReader(value, what);
  const mode = r.oneOf('mode', HEDGING_MODES);
  const cancelled = r.boolean('cancelled');
  switch (mode) {
    case 'toys':
      return { mode, cancelled, toys: r.array('toys', parseSingleLatentToy) };
    case 'sae':
      return { mode, cancelled, degree: r.isNull('degree') ? null : r.object('degree', parseHedgingDegreeOutcome) };
    case 'gamma':
      return { mode, cancelled, sweep: r.object('sweep', parseBalanceSweep) };
  }
}

export function parseHedgingPart(value: unknown, what: string): HedgingPart {
  const r = new FieldReader(value, what);
  return r.oneOf('kind', ['toy', 'gamma']) === 'toy' ? { kind: 'toy', toy: r.object('toy', parseSingleLatentToy) } : { kind: 'gamma', sweep: r.object('sweep', parseBalanceSweep) };
}

/** metrics.json of a saved hedging run (params.json beside it holds the settings). */
export interface HedgingRunRecord {
  kind: 'hedging';
  id: string;
  settings: HedgingSettings;
  startedAt: string;
  seconds: number;
  outcome: HedgingOutcome;
}

export function parseHedgingRunRecord(value: unknown, what: string): HedgingRunRecord {
  const r = new FieldReader(value, what);
  return {
    kind: r.oneOf('kind', ['hedging']),
    id: r.string('id'),
    settings: r.object('settings', parseHedgingSettings),
    startedAt: r.string('startedAt'),
    seconds: r.number('seconds'),
    outcome: r.object('outcome', parseHedgingOutcome),
  };
}

/**
 * The outcome so far with one more finished part: a toy joins the toys (replacing an earlier result of the same toy),
 * a γ sweep replaces the sweep. The panel draws from it while the job runs; the host saves it when the user cancels.
 */
export function withPart(outcome: HedgingOutcome | null, part: HedgingPart): HedgingOutcome {
  if (part.kind === 'toy') {
    const earlier = outcome?.mode === 'toys' ? outcome.toys.filter((t) => t.toy !== part.toy.toy) : [];
    return { mode: 'toys', cancelled: false, toys: [...earlier, part.toy] };
  }
  return { mode: 'gamma', cancelled: false, sweep: part.sweep };
}
