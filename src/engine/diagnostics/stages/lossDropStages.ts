/**
 * Stage boundaries of a loss curve by the loss drop score of Lakkapragada 2025 (dynamics-methods §2.3, Q1.2):
 *
 *   drop(i) = mean(L[i−w .. i−1]) − mean(L[i .. i+w−1])        for w ≤ i ≤ n − w (in logged points)
 *
 * Points with drop(i) ≥ f·(L[0] − min L) (and drop(i) > 0) form contiguous regions; the argmax of each region
 * (the first on ties) is a boundary, and the boundary index is the first point of the new stage. Stages are
 * the segments between boundaries. The paper's text uses f = 10 % and w = 10 logged points (its analysis code
 * calls the detector with 5 %); we default to the paper's 10 %.
 */

export interface StageDetectionOptions {
  /** Window w in logged points (default 10). */
  window?: number;
  /** Threshold as a fraction f of the curve's total drop L[0] − min L (default 0.1). */
  fraction?: number;
}

/** One stage: the logged points [from, to) of the curve. */
export interface StageSegment {
  from: number;
  to: number;
}

export interface StageDetection {
  /** The window used: the requested one, shortened to ⌊n/4⌋ (at least 1) on curves of fewer than 4w points. */
  window: number;
  fraction: number;
  /** f·(L[0] − min L). */
  threshold: number;
  /** drop(i) per logged point; NaN where the window does not fit (the first and last w points). */
  scores: Float64Array;
  /** Indices where a new stage starts, increasing. */
  boundaries: number[];
  segments: StageSegment[];
}

export const DEFAULT_DROP_WINDOW = 10;
export const DEFAULT_DROP_FRACTION = 0.1;

/** drop(i) for every i (NaN where the two windows do not fit), by prefix sums. */
export function lossDropScores(values: ArrayLike<number>, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
  const n = values.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
  const scores = new Float64Array(n).fill(Number.NaN);
  for (let i = window; i + window <= n; i++) {
    scores[i] = (prefix[i] - prefix[i - window]) / window - (prefix[i + window] - prefix[i]) / window;
  }
  return scores;
}

/** The window the detector uses on a curve of n points. */
export function effectiveDropWindow(n: number, requested: number): number {
  return Math.max(1, Math.min(requested, Math.floor(n / 4)));
}

export function detectLossDropStages(values: ArrayLike<number>, options: StageDetectionOptions = {}): StageDetection {
  const { window: requested = DEFAULT_DROP_WINDOW, fraction = DEFAULT_DROP_FRACTION } = options;
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`the drop window must be a positive integer, got ${requested}`);
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`the drop threshold fraction must be in (0, 1], got ${fraction}`);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`the loss curve has a non-finite value at point ${i}: ${values[i]}`);
  }
  if (n < 2) return { window: 1, fraction, threshold: 0, scores: new Float64Array(n).fill(Number.NaN), boundaries: [], segments: n ? [{ from: 0, to: n }] : [] };
  const window = effectiveDropWindow(n, requested);
  const scores = lossDropScores(values, window);
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, values[i]);
  const threshold = fraction * (values[0] - min);
  const boundaries: number[] = [];
  let best = -1;
  for (let i = 0; i <= n; i++) {
    const above = i < n && scores[i] > 0 && scores[i] >= threshold;
    if (above && (best < 0 || scores[i] > scores[best])) best = i;
    if (!above && best >= 0) {
      boundaries.push(best);
      best = -1;
    }
  }
  return { window, fraction, threshold, scores, boundaries, segments: segmentsOf(boundaries, n) };
}

/** The segments [0, b₁), [b₁, b₂), …, [b_k, n). */
export function segmentsOf(boundaries: readonly number[], n: number): StageSegment[] {
  const edges = [0, ...boundaries, n];
  return edges.slice(1).map((to, k) => ({ from: edges[k], to }));
}
