import { DType, Tensor } from '../../graph/graph';
import { add, and, cast, gatherElements, greaterOrEqual, less, maximum, minimum, mul, reduceMax, reduceSum, reshape, slice, sub, where } from '../../graph/ops';

/** ⌊k·B⌋ entries of a [B, h] batch, at least one and at most all: BatchTopK's keep count (as `batchTopKActs`). */
export const keepCount = (k: number, batch: number, dSae: number): number => Math.max(1, Math.min(Math.floor(k * batch), batch * dSae));

/**
 * The smallest positive normal float32. A cut clamped to it keeps exactly the positive entries (subnormal ones
 * aside), so `pre ≥ cut` is also the firing indicator.
 */
export const SMALLEST_CUT = 1.1754943508222875e-38;

/** Relative distance of the two pivots from the previous step's cut. */
const PIVOT_SPREAD = 0.03;

/**
 * BatchTopK's cut for each of S SAEs: the counts[s]-th largest of pre[s] over its whole [B, h] batch, clamped to
 * SMALLEST_CUT, as [S], without gradient. Keeping pre ≥ cut keeps exactly the entries of ReLU(pre) that a TopK over
 * the flattened batch keeps (ties at the cut aside: every tied entry is kept); with fewer positive entries than the
 * count, every positive one.
 *
 * A TopK of n = k·B entries over the flattened batch is a selection over all B·h of them, the slowest node of a small
 * SAE step. The cut moves little from step to step, so this counts the entries at or above two pivots around the
 * previous cut, p₋ = (1 − δ)·prev and p₊ = (1 + δ)·prev. That brackets the cut in [L, U) with c(L) ≥ n > c(U):
 * [p₋, p₊) when the counts straddle n, else [p₊, ∞) or (−∞, p₋). The cut is the (n − c(U))-th largest entry inside
 * the bracket, found from whichever end is nearer by a TopK of r = min(n − c(U), c(L) − n + 1) entries over the
 * batch with the entries outside the bracket masked out. r is small (a few hundred on the large toy), so ORT's TopK
 * takes its heap path: one pass over the batch instead of a selection. The result is exact whatever `previous`
 * holds; a poor hint only makes the step slower.
 */
export function batchTopKCut(pre: Tensor, counts: readonly number[], previous: Tensor): Tensor {
  const g = pre.graph;
  const [models, batch, dSae] = pre.shape;
  const size = batch * dSae;
  const flat = reshape(pre, [models, size]);
  const column = (t: Tensor, i: number) => slice(t, [i], [i + 1], [1]);
  const constant = (dtype: DType, v: number) => g.constant(dtype === 'int32' ? Int32Array.of(v) : Float32Array.of(v), [1, 1], dtype);

  const pivots = mul(reshape(previous, [models, 1]), g.constant(Float32Array.of(1 - PIVOT_SPREAD, 1 + PIVOT_SPREAD), [1, 2]));
  const atOrAbove = reduceSum(cast(greaterOrEqual(reshape(flat, [models, 1, size]), reshape(pivots, [models, 2, 1])), 'int32'), [2]);
  const [low, high] = [column(pivots, 0), column(pivots, 1)];
  const [cLow, cHigh] = [column(atOrAbove, 0), column(atOrAbove, 1)];
  const n = g.constant(Int32Array.from(counts), [models, 1], 'int32');
  const highHolds = greaterOrEqual(cHigh, n);
  const lowHolds = greaterOrEqual(cLow, n);
  const pick = (ifHigh: Tensor, ifLow: Tensor, otherwise: Tensor) => where(highHolds, ifHigh, where(lowHolds, ifLow, otherwise));
  const lower = pick(high, low, constant('float32', -Infinity));
  const upper = pick(constant('float32', Infinity), high, low);
  const countLower = pick(cHigh, cLow, constant('int32', size));
  const countUpper = pick(constant('int32', 0), cHigh, cLow);

  // The cut is the r-th largest of the bracket's m = c(L) − c(U) entries, r = n − c(U), i.e. its (m − r + 1)-th
  // smallest; negating the entries when that is the smaller rank lets one largest-first TopK serve both ends.
  const fromTop = sub(n, countUpper);
  const fromBottom = add(sub(countLower, n), constant('int32', 1));
  const sign = where(less(fromTop, fromBottom), constant('float32', 1), constant('float32', -1));
  const rank = minimum(fromTop, fromBottom);
  const inside = and(greaterOrEqual(flat, lower), less(flat, upper));
  const top = dynamicTop(where(inside, mul(flat, sign), -Infinity), cast(reshape(reduceMax(rank), [1]), 'int64'), size);
  const value = gatherElements(top, cast(sub(rank, constant('int32', 1)), 'int64'), 1);
  return maximum(reshape(mul(value, sign), [models]), SMALLEST_CUT);
}

/**
 * The k largest entries of each row of x [rows, m], largest first, k an int64 [1] tensor. Its output has k columns,
 * known only at run time; the declared shape is an upper bound that only the graph builder sees.
 */
function dynamicTop(x: Tensor, k: Tensor, maxK: number): Tensor {
  return x.graph.emit({
    op: 'TopK',
    inputs: [x, k],
    outputs: [{ dtype: x.dtype, shape: [x.shape[0], maxK] }, { dtype: 'int64', shape: [x.shape[0], maxK] }],
    attrs: { axis: { kind: 'int', value: 1 }, largest: { kind: 'int', value: 1 }, sorted: { kind: 'int', value: 1 } },
    gradInputs: [],
    grad: () => [],
  })[0];
}
