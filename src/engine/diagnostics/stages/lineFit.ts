/** Ordinary least squares of y on x: y ≈ intercept + slope·x. */
export interface LineFit {
  points: number;
  slope: number;
  intercept: number;
  /** 1 − SS_res/SS_tot (1 when y is constant and fitted exactly). */
  rSquared: number;
  /** √(SS_res/(m − 2) / Σ(x − x̄)²); null with fewer than 3 points. */
  slopeStandardError: number | null;
}

export function fitLine(x: readonly number[], y: readonly number[]): LineFit {
  const m = x.length;
  if (m !== y.length) throw new RangeError(`a line fit needs as many x as y values, got ${m} and ${y.length}`);
  if (m < 2) throw new RangeError(`a line fit needs at least 2 points, got ${m}`);
  if (![...x, ...y].every(Number.isFinite)) throw new RangeError('a line fit needs finite values');
  const meanX = x.reduce((s, v) => s + v, 0) / m;
  const meanY = y.reduce((s, v) => s + v, 0) / m;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (x[i] - meanX) ** 2;
    sxy += (x[i] - meanX) * (y[i] - meanY);
    syy += (y[i] - meanY) ** 2;
  }
  if (sxx === 0) throw new RangeError('a line fit needs at least two distinct x values');
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let ssRes = 0;
  for (let i = 0; i < m; i++) ssRes += (y[i] - intercept - slope * x[i]) ** 2;
  const rSquared = syy === 0 ? 1 : 1 - ssRes / syy;
  const slopeStandardError = m > 2 ? Math.sqrt(ssRes / (m - 2) / sxx) : null;
  return { points: m, slope, intercept, rSquared, slopeStandardError };
}
