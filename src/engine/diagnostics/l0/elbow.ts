export interface CurvePoint {
  /** L0 (> 0). */
  x: number;
  /** The proxy metric at that L0 (c_dec or s_n^dec). */
  y: number;
}

/**
 * The elbow of a proxy-metric curve: the L0 just before the metric shoots up as L0 falls, which Sparse but Wrong
 * reads off real data where no ground truth names the minimum (its §4; the global minimum can sit far out in a long
 * flat region at high L0). The rule, Kneedle's (Satopää et al. 2011) on the part of the curve left of its minimum:
 *
 * 1. Sort the points by L0 and let m be the first point where the metric is smallest.
 * 2. Put the points 0..m on log L0 and rescale both axes so that point 0 sits at (0, 1) and point m at (1, 0):
 *    u_i = (ln x_i − ln x_0) / (ln x_m − ln x_0),  v_i = (y_i − y_m) / (y_0 − y_m).
 * 3. The elbow is the point 0 < i < m that lies furthest below the chord v = 1 − u, i.e. with the largest
 *    (1 − u_i) − v_i; the lowest L0 wins ties. If no point lies below the chord (no bend: the metric falls
 *    steadily, or there are fewer than three points up to the minimum), the elbow is the minimum itself.
 *
 * Returns the index of the elbow in `points` as given; −1 for no points. Points must have distinct L0 values.
 */
export function elbowIndex(points: readonly CurvePoint[]): number {
  if (points.length === 0) return -1;
  const order = points.map((_, i) => i).sort((a, b) => points[a].x - points[b].x);
  const xs = order.map((i) => Math.log(points[i].x));
  const ys = order.map((i) => points[i].y);
  let m = 0;
  for (let i = 1; i < ys.length; i++) if (ys[i] < ys[m]) m = i;
  let best = m;
  let bestGap = 0;
  for (let i = 1; i < m; i++) {
    const u = (xs[i] - xs[0]) / (xs[m] - xs[0]);
    const v = (ys[i] - ys[m]) / (ys[0] - ys[m]);
    const gap = 1 - u - v;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return order[best];
}
