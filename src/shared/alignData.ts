/**
 * Alignment after disentanglement (Longon, Klindt & Khosla) as it crosses boundaries: what the user asked for, the
 * outcome (the shape of src/engine/diagnostics/alignment's AlignmentResult, with nulls where JSON has no number),
 * and the saved run.
 */
import { FieldReader } from './validate';

/** `null` takes the engine's defaults: ToySAEs trained on the first 80% of the rows, width 4·units (toys: features). */
export interface AlignSettings {
  /** Model A and B: activation files of the same rows, longon-tms checkpoints, or toy runs' folders. */
  a: string;
  b: string;
  /** Given SAEs (weights file or folder) per side; null trains a ToySAE there. */
  saeA: string | null;
  saeB: string | null;
  /** Stimuli for toy models; null: the stream they were trained on. */
  data: string | null;
  width: number | null;
  k: number;
  lr: number;
  batch: number;
  saeSteps: number | null;
  evalRows: number;
  folds: number;
  seed: number;
  /** Also score B → A. */
  bothDirections: boolean;
}

export const ALIGN_METRICS = ['semi', 'soft', 'ridge'] as const;
export type AlignMetric = (typeof ALIGN_METRICS)[number];

export const COMPARISONS = ['N→N', 'SAE→N', 'SAE→SAE', 'RandSAE→SAE'] as const;
export type AlignComparison = (typeof COMPARISONS)[number];

export interface AlignScoreView {
  /** Mean over folds ± the standard error of that mean. */
  mean: number;
  sem: number;
  folds: number[];
  sourceUnits: number;
  targetUnits: number;
  /** Ridge: the α chosen per fold. */
  alphas: number[] | null;
  /** Each live target unit (its column) and its score, averaged over folds. */
  perUnit: { unit: number[]; score: number[] } | null;
}

export interface AlignRow {
  comparison: AlignComparison;
  source: string;
  target: string;
  semi: AlignScoreView;
  soft: AlignScoreView;
  ridge: AlignScoreView;
}

/** SAE→SAE minus N→N, and the paper's relative change (ratio − 1; null when N→N is 0). */
export type AlignChange = Record<AlignMetric, { difference: number; relative: number | null }>;

export interface AlignDirection {
  direction: 'A→B' | 'B→A';
  table: AlignRow[];
  change: AlignChange;
}

export interface AlignSide {
  label: string;
  kind: 'activations' | 'longon';
  units: number;
  sae: {
    origin: 'trained' | 'given';
    width: number;
    k: number | null;
    steps: number | null;
    /** Reconstruction of the held-out rows. */
    heldOut: { msePerElement: number; explainedVariance: number; l0: number; deadLatents: number };
  };
  /** Toy models: MMCS of the SAE's decoder against the model's represented features. */
  recovery: { represented: number; mmcs: number } | null;
}

export interface AlignOutcome {
  rows: { saeTraining: number; heldOutStart: number; evaluated: number; available: number | null };
  a: AlignSide;
  b: AlignSide;
  /** A→B, then B→A when it was asked for. */
  directions: AlignDirection[];
  protocol: { folds: number; cvSeed: number; alphas: number[]; formulas: Record<AlignMetric, string> };
}

/** A saved alignment run: metrics.json of `<runs>/<id>/` (params.json holds the settings). */
export interface AlignRunRecord {
  kind: 'align';
  id: string;
  settings: AlignSettings;
  startedAt: string;
  seconds: number;
  outcome: AlignOutcome;
}

export function parseAlignSettings(value: unknown, what: string): AlignSettings {
  const r = new FieldReader(value, what);
  const nullableString = (key: string) => (r.isNull(key) ? null : r.string(key));
  const nullableInteger = (key: string, min: number) => (r.isNull(key) ? null : r.integer(key, min));
  const settings: AlignSettings = {
    a: r.string('a'),
    b: r.string('b'),
    saeA: nullableString('saeA'),
    saeB: nullableString('saeB'),
    data: nullableString('data'),
    width: nullableInteger('width', 1),
    k: r.integer('k', 1),
    lr: r.number('lr'),
    batch: r.integer('batch', 1),
    saeSteps: nullableInteger('saeSteps', 1),
    evalRows: r.integer('evalRows', 2),
    folds: r.integer('folds', 2),
    seed: r.integer('seed'),
    bothDirections: r.boolean('bothDirections'),
  };
  if (!(settings.lr > 0)) throw r.complaintAbout('lr', `must be positive, got ${settings.lr}`);
  if (settings.width !== null && settings.width < settings.k) throw r.complaintAbout('width', `must be at least k = ${settings.k}, got ${settings.width}`);
  if (settings.evalRows < settings.folds) throw r.complaintAbout('evalRows', `must be at least the number of folds (${settings.folds}), got ${settings.evalRows}`);
  return settings;
}

function parseScore(value: unknown, what: string): AlignScoreView {
  const r = new FieldReader(value, what);
  const perUnit = r.isNull('perUnit')
    ? null
    : r.object('perUnit', (v, w) => {
      const u = new FieldReader(v, w);
      const unit = u.numbers('unit');
      const score = u.numbers('score');
      if (unit.length !== score.length) throw u.complaintAbout('score', `has ${score.length} values for ${unit.length} units`);
      return { unit, score };
    });
  return {
    mean: r.number('mean'),
    sem: r.number('sem'),
    folds: r.numbers('folds'),
    sourceUnits: r.integer('sourceUnits'),
    targetUnits: r.integer('targetUnits'),
    alphas: r.isNull('alphas') ? null : r.numbers('alphas'),
    perUnit,
  };
}

function parseRow(value: unknown, what: string): AlignRow {
  const r = new FieldReader(value, what);
  return {
    comparison: r.oneOf('comparison', COMPARISONS),
    source: r.string('source'),
    target: r.string('target'),
    semi: r.object('semi', parseScore),
    soft: r.object('soft', parseScore),
    ridge: r.object('ridge', parseScore),
  };
}

function parseChange(value: unknown, what: string): AlignChange {
  const r = new FieldReader(value, what);
  const one = (key: AlignMetric) =>
    r.object(key, (v, w) => {
      const c = new FieldReader(v, w);
      return { difference: c.number('difference'), relative: c.nullableNumber('relative') };
    });
  return { semi: one('semi'), soft: one('soft'), ridge: one('ridge') };
}

function parseDirection(value: unknown, what: string): AlignDirection {
  const r = new FieldReader(value, what);
  const table = r.array('table', parseRow);
  if (table.map((row) => row.comparison).join() !== COMPARISONS.join()) throw r.complaintAbout('table', `must hold the comparisons ${COMPARISONS.join(', ')} in that order`);
  return { direction: r.oneOf('direction', ['A→B', 'B→A']), table, change: r.object('change', parseChange) };
}

function parseSide(value: unknown, what: string): AlignSide {
  const r = new FieldReader(value, what);
  return {
    label: r.string('label'),
    kind: r.oneOf('kind', ['activations', 'longon']),
    units: r.integer('units', 1),
    sae: r.object('sae', (v, w) => {
      const s = new FieldReader(v, w);
      return {
        origin: s.oneOf('origin', ['trained', 'given']),
        width: s.integer('width', 1),
        k: s.isNull('k') ? null : s.integer('k', 1),
        steps: s.isNull('steps') ? null : s.integer('steps'),
        heldOut: s.object('heldOut', (hv, hw) => {
          const h = new FieldReader(hv, hw);
          return { msePerElement: h.number('msePerElement'), explainedVariance: h.number('explainedVariance'), l0: h.number('l0'), deadLatents: h.integer('deadLatents') };
        }),
      };
    }),
    recovery: r.isNull('recovery')
      ? null
      : r.object('recovery', (v, w) => {
        const c = new FieldReader(v, w);
        return { represented: c.integer('represented'), mmcs: c.number('mmcs') };
      }),
  };
}

export function parseAlignOutcome(value: unknown, what: string): AlignOutcome {
  const r = new FieldReader(value, what);
  const directions = r.array('directions', parseDirection);
  if (directions.length < 1 || directions.length > 2 || directions[0].direction !== 'A→B' || (directions[1] && directions[1].direction !== 'B→A')) {
    throw r.complaintAbout('directions', 'must be A→B, optionally followed by B→A');
  }
  return {
    rows: r.object('rows', (v, w) => {
      const rows = new FieldReader(v, w);
      return {
        saeTraining: rows.integer('saeTraining'),
        heldOutStart: rows.integer('heldOutStart'),
        evaluated: rows.integer('evaluated', 1),
        available: rows.isNull('available') ? null : rows.integer('available'),
      };
    }),
    a: r.object('a', parseSide),
    b: r.object('b', parseSide),
    directions,
    protocol: r.object('protocol', (v, w) => {
      const p = new FieldReader(v, w);
      const formulas = p.object('formulas', (fv, fw) => {
        const f = new FieldReader(fv, fw);
        return { semi: f.string('semi'), soft: f.string('soft'), ridge: f.string('ridge') };
      });
      return { folds: p.integer('folds', 2), cvSeed: p.integer('cvSeed'), alphas: p.numbers('alphas'), formulas };
    }),
  };
}

export function parseAlignRunRecord(value: unknown, what: string): AlignRunRecord {
  const r = new FieldReader(value, what);
  return {
    kind: r.oneOf('kind', ['align']),
    id: r.string('id'),
    settings: r.object('settings', parseAlignSettings),
    startedAt: r.string('startedAt'),
    seconds: r.number('seconds'),
    outcome: r.object('outcome', parseAlignOutcome),
  };
}
