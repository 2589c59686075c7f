/** −d ln y / d ln x at one point of a curve. */
export interface LocalSlope {
  x: number;
  alpha: number;
}

/**
 * α_loc(x_i) = −(ln y_{i+1} − ln y_{i−1}) / (ln x_{i+1} − ln x_{i−1}) over three consecutive points
 * (dynamics-methods §0.4): the exponent a pure power law would have there. Give log-spaced points.
 */
export function localSlopes(xs: readonly number[], ys: readonly number[]): LocalSlope[] {
  const out: LocalSlope[] = [];
  for (let i = 1; i + 1 < xs.length; i++) {
    out.push({ x: xs[i], alpha: -(Math.log(ys[i + 1]) - Math.log(ys[i - 1])) / (Math.log(xs[i + 1]) - Math.log(xs[i - 1])) });
  }
  return out;
}
