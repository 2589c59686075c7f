/**
 * The Dynamics lab as it crosses boundaries: what the user asked for (loss against time, loss against width, truth
 * probes) and what came back — the shapes of src/engine/diagnostics/scaling and probes, with every number that may
 * be undefined (a standard error from two points) as null, since JSON has no NaN.
 */
import type { SuperpositionScalingReport, WidthResult } from '../engine/diagnostics/scaling/superpositionScaling';
import { FieldReader } from './validate';

export const LAB_MODES = ['fitTime', 'width', 'probe'] as const;
export type LabMode = (typeof LAB_MODES)[number];

/** `steps: null` keeps the engine's defaults (5 000 SGD steps for the peaked softmax, 3 000 per width, 4 000 for the truth toy). */
export type LabSettings =
  /**
   * Loss against time on `source`: `toy:<preset>` trains the preset first; otherwise a loss file (.npy, .csv, .json),
   * a run folder, or a toy run's checkpoint. Null windows take the engine's defaults (the last decade; every point).
   */
  | {
      mode: 'fitTime';
      source: string;
      metric: string;
      from: number | null;
      to: number | null;
      floorFrom: number | null;
      floorTo: number | null;
      perDecade: number;
      steps: number | null;
      seed: number;
    }
  /** Loss against width in the superposition toy: one run per m. */
  | { mode: 'width'; regime: 'strong' | 'weak'; alpha: number; widths: number[]; features: number; steps: number | null; seed: number }
  /** Probes on `source`: `toy:truth` trains the truth toy; otherwise an activations file with `labels` (and `layer` in a multi-tensor file). */
  | { mode: 'probe'; source: string; labels: string | null; layer: string | null; folds: number; normalisation: 'layernorm' | 'rms'; steps: number | null; seed: number };

export interface PowerLawView {
  alpha: number;
  /** Null with two points. */
  alphaStdError: number | null;
  prefactor: number;
  rSquared: number;
  points: number;
  from: number;
  to: number;
}

export interface FloorFitView {
  c: number;
  alpha: number;
  l0: number;
  cStdError: number | null;
  alphaStdError: number | null;
  l0StdError: number | null;
  rmsLogResidual: number;
  points: number;
  from: number;
  to: number;
  atBound: string[];
  converged: boolean;
}

export interface FitTimeView {
  source: string;
  /** What t is (training steps, or dynamic time). */
  time: string;
  points: number;
  perDecade: number;
  /** The curve the fits saw: geometric means of t and L in log bins. */
  curve: { t: number[]; loss: number[] };
  powerLaw: PowerLawView;
  powerLawWithFloor: FloorFitView | null;
  localSlopes: { t: number; alpha: number }[];
  /** The toy preset trained first, if any, and its student's β ∝ t^growth on the power law's window. */
  preset: string | null;
  betaGrowth: (PowerLawView & { growth: number }) | null;
}

export type WidthRow = WidthResult;

/** The engine's report with its exponent as JSON carries it (cancellation is the outcome's). */
export type WidthScalingView = Omit<SuperpositionScalingReport, 'exponent' | 'cancelled'> & { exponent: PowerLawView | null };

export interface FoldedScoreView {
  mean: number;
  std: number;
}

export interface ProbePair {
  logistic: { auc: FoldedScoreView; accuracy: FoldedScoreView };
  meanDifference: { auc: FoldedScoreView; accuracy: FoldedScoreView };
}

export interface ProbeScores {
  rows: number;
  d: number;
  positives: number;
  folds: number;
  raw: ProbePair;
  normalised: ProbePair;
  /** The normalisation's formula. */
  normalisation: string;
}

export interface TruthPositionView {
  position: string;
  predicts: string;
  pNextTrue: number;
  pNextFalse: number;
  /** At x and x' only: P(g(subject)) in true and false samples, and its Bayes value. */
  attribute: { pTrue: number; pFalse: number; bayesTrue: number; bayesFalse: number } | null;
  normRatio: number;
  probes: ProbeScores;
}

export type ProbeView =
  | ({ kind: 'file'; activations: string; layer: string | null; labels: string } & ProbeScores)
  | { kind: 'truth'; preset: string; steps: number; memorizeOnly: number; positions: TruthPositionView[] };

/** A lab job's result; `cancelled` when the user stopped it, with what finished (null when nothing had). */
export type LabOutcome =
  | { mode: 'fitTime'; cancelled: boolean; fit: FitTimeView | null }
  | { mode: 'width'; cancelled: boolean; scaling: WidthScalingView | null }
  | { mode: 'probe'; cancelled: boolean; probe: ProbeView | null };

/** metrics.json of a saved lab run (params.json beside it holds the settings). */
export interface LabRunRecord {
  kind: 'lab';
  id: string;
  settings: LabSettings;
  startedAt: string;
  seconds: number;
  outcome: LabOutcome;
}

/** Whether an outcome holds anything worth saving. */
export function labHasResults(outcome: LabOutcome): boolean {
  switch (outcome.mode) {
    case 'fitTime':
      return outcome.fit !== null;
    case 'width':
      return outcome.scaling !== null && outcome.scaling.widths.length > 0;
    case 'probe':
      return outcome.probe !== null;
  }
}

// ── Parsers ────────────────────────────────────────────────────────────────────────────────────────────────

const nullableString = (r: FieldReader, key: string): string | null => (r.isNull(key) ? null : r.string(key));
const nullablePositive = (r: FieldReader, key: string): number | null => {
  if (r.isNull(key)) return null;
  const value = r.number(key);
  if (!(value > 0)) throw r.complaintAbout(key, `must be positive, got ${value}`);
  return value;
};

export function parseLabSettings(value: unknown, what: string): LabSettings {
  const r = new FieldReader(value, what);
  const mode = r.oneOf('mode', LAB_MODES);
  const steps = r.isNull('steps') ? null : r.integer('steps', 1);
  const seed = r.integer('seed');
  switch (mode) {
    case 'fitTime': {
      const perDecade = r.number('perDecade');
      if (!(perDecade > 0)) throw r.complaintAbout('perDecade', `must be positive, got ${perDecade}`);
      return {
        mode,
        source: r.string('source'),
        metric: r.string('metric'),
        from: nullablePositive(r, 'from'),
        to: nullablePositive(r, 'to'),
        floorFrom: r.isNull('floorFrom') ? null : r.number('floorFrom'),
        floorTo: nullablePositive(r, 'floorTo'),
        perDecade,
        steps,
        seed,
      };
    }
    case 'width': {
      const widths = r.numbers('widths');
      if (widths.length < 2 || widths.some((m) => !Number.isInteger(m) || m < 1)) throw r.complaintAbout('widths', `must be at least two positive integers, got [${widths.join(', ')}]`);
      const alpha = r.number('alpha');
      if (alpha < 0) throw r.complaintAbout('alpha', `must be ≥ 0, got ${alpha}`);
      return { mode, regime: r.oneOf('regime', ['strong', 'weak']), alpha, widths, features: r.integer('features', 1), steps, seed };
    }
    case 'probe':
      return {
        mode,
        source: r.string('source'),
        labels: nullableString(r, 'labels'),
        layer: nullableString(r, 'layer'),
        folds: r.integer('folds', 2),
        normalisation: r.oneOf('normalisation', ['layernorm', 'rms']),
        steps,
        seed,
      };
  }
}

function parsePowerLaw(value: unknown, what: string): PowerLawView {
  const r = new FieldReader(value, what);
  return {
    alpha: r.number('alpha'),
    alphaStdError: r.nullableNumber('alphaStdError'),
    prefactor: r.number('prefactor'),
    rSquared: r.number('rSquared'),
    points: r.integer('points'),
    from: r.number('from'),
    to: r.number('to'),
  };
}

function parseFloorFit(value: unknown, what: string): FloorFitView {
  const r = new FieldReader(value, what);
  return {
    c: r.number('c'),
    alpha: r.number('alpha'),
    l0: r.number('l0'),
    cStdError: r.nullableNumber('cStdError'),
    alphaStdError: r.nullableNumber('alphaStdError'),
    l0StdError: r.nullableNumber('l0StdError'),
    rmsLogResidual: r.number('rmsLogResidual'),
    points: r.integer('points'),
    from: r.number('from'),
    to: r.number('to'),
    atBound: r.strings('atBound'),
    converged: r.boolean('converged'),
  };
}

export function parseFitTimeView(value: unknown, what: string): FitTimeView {
  const r = new FieldReader(value, what);
  const curve = r.object('curve', (v, w) => {
    const c = new FieldReader(v, w);
    const t = c.numbers('t');
    const loss = c.numbers('loss');
    if (t.length !== loss.length) throw c.complaintAbout('loss', `has ${loss.length} values for ${t.length} times`);
    return { t, loss };
  });
  return {
    source: r.string('source'),
    time: r.string('time'),
    points: r.integer('points'),
    perDecade: r.number('perDecade'),
    curve,
    powerLaw: r.object('powerLaw', parsePowerLaw),
    powerLawWithFloor: r.isNull('powerLawWithFloor') ? null : r.object('powerLawWithFloor', parseFloorFit),
    localSlopes: r.array('localSlopes', (v, w) => {
      const s = new FieldReader(v, w);
      return { t: s.number('t'), alpha: s.number('alpha') };
    }),
    preset: nullableString(r, 'preset'),
    betaGrowth: r.isNull('betaGrowth') ? null : r.object('betaGrowth', (v, w) => ({ ...parsePowerLaw(v, w), growth: new FieldReader(v, w).number('growth') })),
  };
}

function parseWidthRow(value: unknown, what: string): WidthRow {
  const r = new FieldReader(value, what);
  return {
    m: r.integer('m', 1),
    loss: r.number('loss'),
    fractionRepresented: r.number('fractionRepresented'),
    meanSquaredOverlap: r.nullableNumber('meanSquaredOverlap'),
    overlapTimesM: r.nullableNumber('overlapTimesM'),
    meanRowNorm: r.number('meanRowNorm'),
    unrepresentedLoss: r.number('unrepresentedLoss'),
  };
}

export function parseWidthScalingView(value: unknown, what: string): WidthScalingView {
  const r = new FieldReader(value, what);
  return {
    regime: r.string('regime'),
    weightDecay: r.number('weightDecay'),
    alpha: r.number('alpha'),
    features: r.integer('features', 1),
    steps: r.integer('steps'),
    batch: r.integer('batch', 1),
    seed: r.integer('seed'),
    widths: r.array('widths', parseWidthRow),
    exponent: r.isNull('exponent') ? null : r.object('exponent', parsePowerLaw),
    theory: r.string('theory'),
  };
}

function parseFolded(value: unknown, what: string): FoldedScoreView {
  const r = new FieldReader(value, what);
  return { mean: r.number('mean'), std: r.number('std') };
}

function parseProbePair(value: unknown, what: string): ProbePair {
  const r = new FieldReader(value, what);
  const scores = (v: unknown, w: string) => {
    const s = new FieldReader(v, w);
    return { auc: s.object('auc', parseFolded), accuracy: s.object('accuracy', parseFolded) };
  };
  return { logistic: r.object('logistic', scores), meanDifference: r.object('meanDifference', scores) };
}

function parseProbeScores(r: FieldReader): ProbeScores {
  return {
    rows: r.integer('rows', 1),
    d: r.integer('d', 1),
    positives: r.integer('positives'),
    folds: r.integer('folds', 2),
    raw: r.object('raw', parseProbePair),
    normalised: r.object('normalised', parseProbePair),
    normalisation: r.string('normalisation'),
  };
}

function parseTruthPosition(value: unknown, what: string): TruthPositionView {
  const r = new FieldReader(value, what);
  return {
    position: r.string('position'),
    predicts: r.string('predicts'),
    pNextTrue: r.number('pNextTrue'),
    pNextFalse: r.number('pNextFalse'),
    attribute: r.isNull('attribute')
      ? null
      : r.object('attribute', (v, w) => {
          const a = new FieldReader(v, w);
          return { pTrue: a.number('pTrue'), pFalse: a.number('pFalse'), bayesTrue: a.number('bayesTrue'), bayesFalse: a.number('bayesFalse') };
        }),
    normRatio: r.number('normRatio'),
    probes: r.object('probes', (v, w) => parseProbeScores(new FieldReader(v, w))),
  };
}

export function parseProbeView(value: unknown, what: string): ProbeView {
  const r = new FieldReader(value, what);
  if (r.oneOf('kind', ['file', 'truth']) === 'file') {
    return { kind: 'file', activations: r.string('activations'), layer: nullableString(r, 'layer'), labels: r.string('labels'), ...parseProbeScores(r) };
  }
  return { kind: 'truth', preset: r.string('preset'), steps: r.integer('steps'), memorizeOnly: r.number('memorizeOnly'), positions: r.array('positions', parseTruthPosition) };
}

export function parseLabOutcome(value: unknown, what: string): LabOutcome {
  const r = new FieldReader(value, what);
  const mode = r.oneOf('mode', LAB_MODES);
  const cancelled = r.boolean('cancelled');
  switch (mode) {
    case 'fitTime':
      return { mode, cancelled, fit: r.isNull('fit') ? null : r.object('fit', parseFitTimeView) };
    case 'width':
      return { mode, cancelled, scaling: r.isNull('scaling') ? null : r.object('scaling', parseWidthScalingView) };
    case 'probe':
      return { mode, cancelled, probe: r.isNull('probe') ? null : r.object('probe', parseProbeView) };
  }
}

export function parseLabRunRecord(value: unknown, what: string): LabRunRecord {
  const r = new FieldReader(value, what);
  const record: LabRunRecord = {
    kind: r.oneOf('kind', ['lab']),
    id: r.string('id'),
    settings: r.object('settings', parseLabSettings),
    startedAt: r.string('startedAt'),
    seconds: r.number('seconds'),
    outcome: r.object('outcome', parseLabOutcome),
  };
  if (record.outcome.mode !== record.settings.mode) throw r.complaintAbout('outcome', `is a ${record.outcome.mode} outcome for ${record.settings.mode} settings`);
  return record;
}
