/** What the inspector shows of one loaded SAE: its overview, pages of its latent table, and one latent's page. */
import { FieldReader } from './validate';

export interface SaeOverview {
  /** The worker's handle on the loaded SAE; every later request about it names this. */
  handle: number;
  path: string;
  format: string;
  architecture: string;
  dIn: number;
  dSae: number;
  dtype: string;
  k: number | null;
  hookName: string | null;
  modelName: string | null;
  normalizeActivations: string;
  applyBDecToInput: boolean;
  tensors: { name: string; shape: number[] }[];
  /** cfg metadata, each value as JSON text. */
  metadata: Record<string, string>;
  /** Whether a sparsity.safetensors gave per-latent densities. */
  hasDensity: boolean;
}

export const LATENT_COLUMNS = ['index', 'density', 'maxActivation', 'decoderNorm', 'nearestCosine'] as const;
export type LatentColumn = (typeof LATENT_COLUMNS)[number];

export interface LatentRow {
  index: number;
  density: number | null;
  maxActivation: number | null;
  decoderNorm: number;
  nearest: number | null;
  nearestCosine: number | null;
}

/** A window of the latent table after filtering by `search` and sorting by `sortBy` (ties by index). */
export interface LatentQuery {
  offset: number;
  limit: number;
  sortBy: LatentColumn;
  descending: boolean;
  /** Latent indices (`12`, `100-200`) or conditions (`density<1e-4`, `cos>0.9`, `max>2`, `norm<0.5`), space-separated. */
  search: string;
}

export interface LatentRowsPage {
  offset: number;
  /** Latents passing the search. */
  total: number;
  rows: LatentRow[];
}

export interface Histogram {
  /** Bin edges, ascending, one more than counts. */
  edges: number[];
  counts: number[];
}

export interface LatentActivations {
  max: number;
  /** Rows of attached data it fired on, of `rows`. */
  fired: number;
  rows: number;
  histogram: Histogram;
  /** Top-activating rows of the attached data, largest first. */
  examples: { row: number; value: number; context?: TokenContext }[];
}

/** A top example's tokens (where a token file is attached) and the latent's activation on each. */
export interface TokenContext {
  tokens: string[];
  values: number[];
  /** Index of the example's own token. */
  focus: number;
}

export interface LatentDetail {
  index: number;
  decoderNorm: number;
  density: number | null;
  encoderBias: number;
  /** Decoder dimensions with the largest |weight|. */
  topDims: { dim: number; weight: number }[];
  neighbours: { latent: number; cosine: number }[];
  activations: LatentActivations | null;
}

export interface AttachSummary {
  source: string;
  rows: number;
  /** Stored nonzero activations hit the memory budget, so fewer rows than asked were read. */
  truncated: boolean;
  seconds: number;
  /** The token file labelling the rows, when one was attached. */
  tokens: string | null;
}

export function parseSaeOverview(value: unknown, what: string): SaeOverview {
  const r = new FieldReader(value, what);
  return {
    handle: r.id('handle'),
    path: r.string('path'),
    format: r.string('format'),
    architecture: r.string('architecture'),
    dIn: r.integer('dIn', 1),
    dSae: r.integer('dSae', 1),
    dtype: r.string('dtype'),
    k: r.nullableNumber('k'),
    hookName: nullableString(r, 'hookName'),
    modelName: nullableString(r, 'modelName'),
    normalizeActivations: r.string('normalizeActivations'),
    applyBDecToInput: r.boolean('applyBDecToInput'),
    tensors: r.array('tensors', (item, w) => {
      const t = new FieldReader(item, w);
      return { name: t.string('name'), shape: t.numbers('shape') };
    }),
    metadata: r.stringRecord('metadata'),
    hasDensity: r.boolean('hasDensity'),
  };
}

export function parseLatentQuery(value: unknown, what: string): LatentQuery {
  const r = new FieldReader(value, what);
  return {
    offset: r.integer('offset'),
    limit: r.integer('limit'),
    sortBy: r.oneOf('sortBy', LATENT_COLUMNS),
    descending: r.boolean('descending'),
    search: r.string('search'),
  };
}

export function parseLatentRowsPage(value: unknown, what: string): LatentRowsPage {
  const r = new FieldReader(value, what);
  return { offset: r.integer('offset'), total: r.integer('total'), rows: r.array('rows', parseLatentRow) };
}

function parseLatentRow(value: unknown, what: string): LatentRow {
  const r = new FieldReader(value, what);
  return {
    index: r.integer('index'),
    density: r.nullableNumber('density'),
    maxActivation: r.nullableNumber('maxActivation'),
    decoderNorm: r.number('decoderNorm'),
    nearest: r.nullableNumber('nearest'),
    nearestCosine: r.nullableNumber('nearestCosine'),
  };
}

export function parseHistogram(value: unknown, what: string): Histogram {
  const r = new FieldReader(value, what);
  const histogram = { edges: r.numbers('edges'), counts: r.numbers('counts') };
  if (histogram.counts.length > 0 && histogram.edges.length !== histogram.counts.length + 1) {
    throw r.complaintAbout('edges', 'must have one more entry than counts');
  }
  return histogram;
}

export function parseLatentDetail(value: unknown, what: string): LatentDetail {
  const r = new FieldReader(value, what);
  return {
    index: r.integer('index'),
    decoderNorm: r.number('decoderNorm'),
    density: r.nullableNumber('density'),
    encoderBias: r.number('encoderBias'),
    topDims: r.array('topDims', (item, w) => {
      const d = new FieldReader(item, w);
      return { dim: d.integer('dim'), weight: d.number('weight') };
    }),
    neighbours: r.array('neighbours', parseNeighbour),
    activations: r.optional('activations', (key) => (r.isNull(key) ? null : r.object(key, parseLatentActivations))) ?? null,
  };
}

function parseNeighbour(value: unknown, what: string): { latent: number; cosine: number } {
  const n = new FieldReader(value, what);
  return { latent: n.integer('latent'), cosine: n.number('cosine') };
}

function parseLatentActivations(value: unknown, what: string): LatentActivations {
  const r = new FieldReader(value, what);
  return {
    max: r.number('max'),
    fired: r.integer('fired'),
    rows: r.integer('rows'),
    histogram: r.object('histogram', parseHistogram),
    examples: r.array('examples', (item, w) => {
      const e = new FieldReader(item, w);
      const context = e.optional('context', (key) => e.object(key, parseTokenContext));
      return { row: e.integer('row'), value: e.number('value'), ...(context ? { context } : {}) };
    }),
  };
}

function parseTokenContext(value: unknown, what: string): TokenContext {
  const r = new FieldReader(value, what);
  const context = { tokens: r.strings('tokens'), values: r.numbers('values'), focus: r.integer('focus') };
  if (context.values.length !== context.tokens.length) throw r.complaintAbout('values', `has ${context.values.length} values for ${context.tokens.length} tokens`);
  if (context.focus >= context.tokens.length) throw r.complaintAbout('focus', `${context.focus} is past the ${context.tokens.length} tokens`);
  return context;
}

export function parseAttachSummary(value: unknown, what: string): AttachSummary {
  const r = new FieldReader(value, what);
  return { source: r.string('source'), rows: r.integer('rows'), truncated: r.boolean('truncated'), seconds: r.number('seconds'), tokens: nullableString(r, 'tokens') };
}

function nullableString(r: FieldReader, key: string): string | null {
  return r.isNull(key) ? null : r.string(key);
}
