/**
 * nβ = n/ln n: β = 1/ln n, Watanabe's canonical inverse temperature, times the n samples. devinterp's
 * `default_nbeta(loader)` passes the loader's batch size as n; its calibrated examples pass the data-set size.
 */
export function defaultNbeta(n: number): number {
  if (!(n > 1) || !Number.isFinite(n)) throw new RangeError(`nβ = n/ln n needs n > 1, got ${n}`);
  return n / Math.log(n);
}
