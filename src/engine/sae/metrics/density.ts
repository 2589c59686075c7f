/**
 * Latent firing densities over an eval set: density_i = count_i / N with count_i = #{b : a_bi ≠ 0}.
 * Dead means count_i = 0 over the whole eval (SAEBench `frac_alive = mean_i[density_i > 0]`), not SAELens' training
 * notion of "not fired within `dead_feature_window` steps".
 */

export function latentDensities(fireCounts: Float64Array, rows: number): Float64Array {
  return fireCounts.map((count) => count / rows);
}

export function deadCount(fireCounts: Float64Array): number {
  let dead = 0;
  for (const count of fireCounts) if (count === 0) dead++;
  return dead;
}

export function deadFraction(fireCounts: Float64Array): number {
  return deadCount(fireCounts) / fireCounts.length;
}

/** Fraction of latents with density_i > threshold (strict, as SAEBench's `freq_over_1_percent` at 0.01 and `freq_over_10_percent` at 0.1). */
export function denseFraction(fireCounts: Float64Array, rows: number, threshold: number): number {
  let dense = 0;
  for (const count of fireCounts) if (count / rows > threshold) dense++;
  return dense / fireCounts.length;
}

export interface DensityHistogram {
  /** Bin edges in log10(density), ascending, length bins + 1; bin k is [edges[k], edges[k+1]), the last one closed. */
  log10Edges: Float64Array;
  counts: Uint32Array;
  /** Latents that never fired: log10(0) has no bin, so they are counted here and in no bin. */
  dead: number;
  rows: number;
}

export interface DensityHistogramOptions {
  binsPerDecade?: number;
  /** Lowest edge in log10(density); by default floor(log10(1/N)), which holds the rarest possible live latent. */
  minLog10?: number;
}

/**
 * Histogram of log10(density) over live latents, from minLog10 up to log10(1) = 0; lower densities go in bin 0.
 * A density that sits exactly on an edge may fall either side of it, as log10 rounds.
 */
export function densityHistogram(
  fireCounts: Float64Array,
  rows: number,
  { binsPerDecade = 5, minLog10 = Math.floor(Math.log10(1 / rows)) }: DensityHistogramOptions = {},
): DensityHistogram {
  if (!(rows > 0)) throw new RangeError('a density histogram needs at least one row');
  if (!(binsPerDecade > 0)) throw new RangeError(`binsPerDecade must be positive, got ${binsPerDecade}`);
  if (!(minLog10 < 0)) throw new RangeError(`minLog10 must be below 0, got ${minLog10}`);
  const bins = Math.ceil(-minLog10 * binsPerDecade);
  const log10Edges = new Float64Array(bins + 1).map((_, k) => minLog10 + k / binsPerDecade);
  log10Edges[bins] = 0;
  const counts = new Uint32Array(bins);
  let dead = 0;
  for (const count of fireCounts) {
    if (count === 0) {
      dead++;
      continue;
    }
    const position = (Math.log10(count / rows) - minLog10) * binsPerDecade;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(position)))]++;
  }
  return { log10Edges, counts, dead, rows };
}
