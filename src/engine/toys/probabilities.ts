/** Firing-probability profiles over g features (index 0 is the most frequent). */

/** Sparse-but-Wrong large toy: p_i = pMin + pSpan·(g − 1 − i)/g, so 0.05 + 0.345·(49 − i)/50 for g = 50. */
export function linearRampProbabilities(g: number, pMin: number, pSpan: number): number[] {
  return Array.from({ length: g }, (_, i) => pMin + (pSpan * (g - 1 - i)) / g);
}

/** Zipf-like frequencies: p_i = pMax·(i + 1)^(−exponent). */
export function zipfProbabilities(g: number, pMax: number, exponent: number): number[] {
  return Array.from({ length: g }, (_, i) => pMax * Math.pow(i + 1, -exponent));
}
