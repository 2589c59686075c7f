/** Points of a curve averaged in log-spaced bins. */
export interface LogBinnedCurve {
  /** Geometric mean of the x values in each non-empty bin. */
  x: number[];
  /** Geometric mean of the y values in each non-empty bin. */
  y: number[];
}

/**
 * Groups the points with x > 0 into bins of width 1/perDecade in log10 x, centred on the grid 10^(k/perDecade),
 * and averages ln x and ln y within each bin: every decade then weighs the same in a log–log fit, however
 * densely the curve was recorded (a per-step loss), while sparse records (one per bin or fewer) pass unchanged.
 */
export function logBinned(xs: ArrayLike<number>, ys: ArrayLike<number>, perDecade: number): LogBinnedCurve {
  if (!(perDecade > 0)) throw new RangeError(`points per decade must be positive, got ${perDecade}`);
  const bins = new Map<number, { lx: number; ly: number; count: number }>();
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] > 0)) continue;
    const k = Math.round(perDecade * Math.log10(xs[i]));
    const bin = bins.get(k) ?? { lx: 0, ly: 0, count: 0 };
    bin.lx += Math.log(xs[i]);
    bin.ly += Math.log(ys[i]);
    bin.count++;
    bins.set(k, bin);
  }
  const keys = [...bins.keys()].sort((a, b) => a - b);
  return {
    x: keys.map((k) => Math.exp(bins.get(k)!.lx / bins.get(k)!.count)),
    y: keys.map((k) => Math.exp(bins.get(k)!.ly / bins.get(k)!.count)),
  };
}

/** The points with from ≤ x ≤ to. */
export function inWindow(curve: LogBinnedCurve, from: number, to: number): LogBinnedCurve {
  const keep = curve.x.map((x) => x >= from && x <= to);
  return { x: curve.x.filter((_, i) => keep[i]), y: curve.y.filter((_, i) => keep[i]) };
}
