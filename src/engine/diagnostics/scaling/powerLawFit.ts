/** A pure power law y = prefactor·x^(−alpha), fitted by ordinary least squares of ln y on ln x. */
export interface PowerLawFit {
  alpha: number;
  /** Standard error of α from the OLS residuals, √(RSS/(n − 2) / Σ(ln x − mean)²); NaN with two points. */
  alphaStdError: number;
  prefactor: number;
  /** R² of the line in log–log space. */
  rSquared: number;
  points: number;
  from: number;
  to: number;
}

/** OLS of ln y on ln x over every point; needs two distinct positive x and positive y. */
export function fitPowerLaw(xs: ArrayLike<number>, ys: ArrayLike<number>): PowerLawFit {
  const n = xs.length;
  if (ys.length !== n) throw new RangeError(`power-law fit: ${n} x values but ${ys.length} y values`);
  if (n < 2) throw new RangeError(`power-law fit needs at least 2 points, got ${n}`);
  const lx = new Float64Array(n);
  const ly = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(xs[i] > 0) || !(ys[i] > 0)) throw new RangeError(`power-law fit needs positive values, got (${xs[i]}, ${ys[i]}) at point ${i}`);
    lx[i] = Math.log(xs[i]);
    ly[i] = Math.log(ys[i]);
  }
  const mx = mean(lx);
  const my = mean(ly);
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) ** 2;
  }
  if (!(sxx > 0)) throw new RangeError('power-law fit needs at least two distinct x values');
  const slope = sxy / sxx;
  const rss = Math.max(0, syy - slope * sxy);
  return {
    alpha: -slope,
    alphaStdError: n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : NaN,
    prefactor: Math.exp(my - slope * mx),
    rSquared: syy > 0 ? 1 - rss / syy : 1,
    points: n,
    from: Math.min(...xs as number[]),
    to: Math.max(...xs as number[]),
  };
}

const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
