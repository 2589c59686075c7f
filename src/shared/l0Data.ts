/** An L0 sweep (Sparse but Wrong's L0 diagnostic) as it crosses boundaries: settings, streamed rows, the saved record. */
import { FieldReader, ProtocolError } from './validate';

export const L0_SWEEP_ARCHITECTURES = ['batchtopk', 'topk', 'jumprelu'] as const;
export type L0SweepArchitecture = (typeof L0_SWEEP_ARCHITECTURES)[number];

/** What the host asks for; null takes the engine's default (the spec's settings). */
export interface L0SweepSettings {
  data: string;
  arch: L0SweepArchitecture;
  width: number | null;
  /** k of each BatchTopK / TopK SAE. */
  l0s: number[] | null;
  /** λ_s of each JumpReLU SAE. */
  coefficients: number[] | null;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  evalRows: number;
}

/** What the sweep found once its data was open: enough to describe it before any SAE finishes. */
export interface L0SweepStart {
  dIn: number;
  width: number;
  trueL0: number | null;
  /** The k (or λ_s) of each SAE, in order. */
  settings: number[];
}

/** The latent × feature decoder cosines of one SAE, latents in the papers' display order (toys only). */
export interface L0Heatmap {
  latents: number;
  features: number;
  /** order[r]: the latent drawn in row r. */
  order: number[];
  /** Row-major [latents × features], rows in display order, rounded to 4 decimals. */
  cosines: number[];
}

/** One SAE of the sweep, as each finishes. Fields the data cannot give (no ground truth) are null. */
export interface L0SweepRow {
  /** Position in the sweep's settings. */
  index: number;
  k: number | null;
  coefficient: number | null;
  l0: number;
  cDec: number;
  projections: { n: number; value: number }[];
  mse: number;
  explainedVariance: number;
  explainedVarianceUncentred: number;
  deadLatents: number;
  mmcs: number | null;
  groundTruthMse: number | null;
  groundTruthExplainedVarianceUncentred: number | null;
  heatmap: L0Heatmap | null;
}

export interface L0RecommendationData {
  /** Index into the rows. */
  index: number;
  l0: number;
  rule: 'minimum' | 'elbow';
  description: string;
}

/** The sweep's answer; a cancelled sweep holds the rows that finished. */
export interface L0SweepOutcome {
  data: string;
  arch: L0SweepArchitecture;
  dIn: number;
  width: number;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  evalRows: number;
  trueL0: number | null;
  rows: L0SweepRow[];
  recommended: L0RecommendationData | null;
  cancelled: boolean;
  seconds: { data: number; training: number; evaluation: number; total: number };
}

/** metrics.json of a saved L0 sweep run. */
export interface L0RunRecord {
  kind: 'l0Sweep';
  id: string;
  settings: L0SweepSettings;
  startedAt: string;
  /** Wall time seen by the host, request to result (or to Cancel). */
  seconds: number;
  outcome: L0SweepOutcome;
}

/** The formula behind each column of the per-L0 table (shown on hover). */
export const L0_FORMULAS = {
  l0: 'L0 = mean_b #{i : a_bi ≠ 0} on the held-out rows (k for BatchTopK and TopK)',
  cDec: 'c_dec = (2/(h(h−1)))·Σ_{i<j} |cos(W_dec[i,:], W_dec[j,:])| (Sparse but Wrong eq. 4)',
  projection: 's_n^dec = the (n·b+1)-th largest entry of Z = (X − b_dec)·Ŵ_decᵀ over b held-out rows (Ŵ_dec: unit rows; Sparse but Wrong A.9)',
  mse: 'MSE = mean_b Σ_d (x̂_bd − x_bd)² (SAELens)',
  explainedVariance: 'EV = 1 − Σ_b ‖x_b − x̂_b‖² / Σ_b ‖x_b − x̄‖²',
  explainedVarianceUncentred: 'FVE = 1 − Σ_b ‖x_b − x̂_b‖² / Σ_b ‖x_b‖² (Sparse but Wrong Fig. 4)',
  deadLatents: 'dead = #{i : latent i never fires on the held-out rows}',
  mmcs: 'MMCS = (1/g) Σ_j max_i cos(f_j, W_dec[i,:]) (toys: f_j the true features)',
  groundTruthMse: 'GT MSE = MSE of the ground-truth SAE (W_enc = Fᵀ, W_dec = F) with the same activation at the same L0, same rows',
  heatmap: 'C_ij = cos(W_dec[i,:], f_j); latents ordered by argmax_j |round(C_ij, 2)|, ties by index (the papers\' order)',
} as const;

export function parseL0SweepSettings(value: unknown, what: string): L0SweepSettings {
  const r = new FieldReader(value, what);
  const list = (key: string) => (r.isNull(key) ? null : positiveList(r, key));
  return {
    data: r.string('data'),
    arch: r.oneOf('arch', L0_SWEEP_ARCHITECTURES),
    width: r.isNull('width') ? null : r.integer('width', 1),
    l0s: list('l0s'),
    coefficients: list('coefficients'),
    steps: r.integer('steps', 1),
    batch: r.integer('batch', 1),
    lr: r.number('lr'),
    seed: r.integer('seed'),
    evalRows: r.integer('evalRows', 1),
  };
}

function positiveList(r: FieldReader, key: string): number[] {
  const values = r.numbers(key);
  if (values.length === 0 || values.some((v) => !(v > 0))) throw r.complaintAbout(key, 'must list positive numbers');
  return values;
}

export function parseL0SweepStart(value: unknown, what: string): L0SweepStart {
  const r = new FieldReader(value, what);
  return { dIn: r.integer('dIn', 1), width: r.integer('width', 1), trueL0: r.nullableNumber('trueL0'), settings: r.numbers('settings') };
}

export function parseL0Heatmap(value: unknown, what: string): L0Heatmap {
  const r = new FieldReader(value, what);
  const latents = r.integer('latents', 1);
  const features = r.integer('features', 1);
  const order = r.numbers('order');
  const cosines = r.numbers('cosines');
  if (order.length !== latents) throw r.complaintAbout('order', `has ${order.length} entries for ${latents} latents`);
  if (cosines.length !== latents * features) throw r.complaintAbout('cosines', `has ${cosines.length} entries, not ${latents} × ${features}`);
  return { latents, features, order, cosines };
}

export function parseL0SweepRow(value: unknown, what: string): L0SweepRow {
  const r = new FieldReader(value, what);
  return {
    index: r.integer('index'),
    k: r.nullableNumber('k'),
    coefficient: r.nullableNumber('coefficient'),
    l0: r.number('l0'),
    cDec: r.number('cDec'),
    projections: r.array('projections', (item, at) => {
      const p = new FieldReader(item, at);
      return { n: p.integer('n', 1), value: p.number('value') };
    }),
    mse: r.number('mse'),
    explainedVariance: r.number('explainedVariance'),
    explainedVarianceUncentred: r.number('explainedVarianceUncentred'),
    deadLatents: r.integer('deadLatents'),
    mmcs: r.nullableNumber('mmcs'),
    groundTruthMse: r.nullableNumber('groundTruthMse'),
    groundTruthExplainedVarianceUncentred: r.nullableNumber('groundTruthExplainedVarianceUncentred'),
    heatmap: r.isNull('heatmap') ? null : r.object('heatmap', parseL0Heatmap),
  };
}

export function parseL0Recommendation(value: unknown, what: string): L0RecommendationData {
  const r = new FieldReader(value, what);
  return { index: r.integer('index'), l0: r.number('l0'), rule: r.oneOf('rule', ['minimum', 'elbow']), description: r.string('description') };
}

export function parseL0SweepOutcome(value: unknown, what: string): L0SweepOutcome {
  const r = new FieldReader(value, what);
  const rows = r.array('rows', parseL0SweepRow);
  const recommended = r.isNull('recommended') ? null : r.object('recommended', parseL0Recommendation);
  if (recommended && recommended.index >= rows.length) throw new ProtocolError(`${what}: the recommended row ${recommended.index} is not among ${rows.length} rows`);
  return {
    data: r.string('data'),
    arch: r.oneOf('arch', L0_SWEEP_ARCHITECTURES),
    dIn: r.integer('dIn', 1),
    width: r.integer('width', 1),
    steps: r.integer('steps', 1),
    batch: r.integer('batch', 1),
    lr: r.number('lr'),
    seed: r.integer('seed'),
    evalRows: r.integer('evalRows', 1),
    trueL0: r.nullableNumber('trueL0'),
    rows,
    recommended,
    cancelled: r.boolean('cancelled'),
    seconds: r.object('seconds', (item, at) => {
      const s = new FieldReader(item, at);
      return { data: s.number('data'), training: s.number('training'), evaluation: s.number('evaluation'), total: s.number('total') };
    }),
  };
}

export function parseL0RunRecord(value: unknown, what: string): L0RunRecord {
  const r = new FieldReader(value, what);
  r.oneOf('kind', ['l0Sweep']);
  return {
    kind: 'l0Sweep',
    id: r.string('id'),
    settings: r.object('settings', parseL0SweepSettings),
    startedAt: r.string('startedAt'),
    seconds: r.number('seconds'),
    outcome: r.object('outcome', parseL0SweepOutcome),
  };
}
