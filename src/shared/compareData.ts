/** The result of comparing two SAEs latent by latent. */
import { parseHistogram, type Histogram } from './saeData';
import { FieldReader } from './validate';

export const MATCH_METHODS = ['hungarian', 'greedy'] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

export interface ComparedSae {
  path: string;
  dIn: number;
  dSae: number;
  architecture: string;
}

export interface MatchedPair {
  a: number;
  b: number;
  cosine: number;
}

export interface MetricDifference {
  id: string;
  label: string;
  formula: string;
  a: number;
  b: number;
}

export interface CompareResult {
  a: ComparedSae;
  b: ComparedSae;
  method: MatchMethod;
  /** Matched pairs with cosine ≥ threshold count as shared. */
  threshold: number;
  meanCosine: number;
  shared: number;
  unmatchedA: number;
  unmatchedB: number;
  /** Cosine of every matched pair. */
  cosineHistogram: Histogram;
  /** Matched pairs, best first; capped, so `shared` may exceed its length. */
  pairs: MatchedPair[];
  /** Latents of A (then B) with no partner at or above the threshold; capped. */
  unmatchedAList: number[];
  unmatchedBList: number[];
  /** Both SAEs on the same rows, when they read the same d_in and data was given. */
  metrics: { data: string; rows: number; values: MetricDifference[] } | null;
  seconds: number;
}

export function parseCompareResult(value: unknown, what: string): CompareResult {
  const r = new FieldReader(value, what);
  return {
    a: r.object('a', parseComparedSae),
    b: r.object('b', parseComparedSae),
    method: r.oneOf('method', MATCH_METHODS),
    threshold: r.number('threshold'),
    meanCosine: r.number('meanCosine'),
    shared: r.integer('shared'),
    unmatchedA: r.integer('unmatchedA'),
    unmatchedB: r.integer('unmatchedB'),
    cosineHistogram: r.object('cosineHistogram', parseHistogram),
    pairs: r.array('pairs', (item, w) => {
      const p = new FieldReader(item, w);
      return { a: p.integer('a'), b: p.integer('b'), cosine: p.number('cosine') };
    }),
    unmatchedAList: r.numbers('unmatchedAList'),
    unmatchedBList: r.numbers('unmatchedBList'),
    metrics: r.isNull('metrics') ? null : r.object('metrics', parseMetricComparison),
    seconds: r.number('seconds'),
  };
}

function parseComparedSae(value: unknown, what: string): ComparedSae {
  const r = new FieldReader(value, what);
  return { path: r.string('path'), dIn: r.integer('dIn', 1), dSae: r.integer('dSae', 1), architecture: r.string('architecture') };
}

function parseMetricComparison(value: unknown, what: string): { data: string; rows: number; values: MetricDifference[] } {
  const r = new FieldReader(value, what);
  return {
    data: r.string('data'),
    rows: r.integer('rows'),
    values: r.array('values', (item, w) => {
      const m = new FieldReader(item, w);
      return { id: m.string('id'), label: m.string('label'), formula: m.string('formula'), a: m.number('a'), b: m.number('b') };
    }),
  };
}
