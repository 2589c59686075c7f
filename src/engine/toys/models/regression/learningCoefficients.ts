/** Theoretical learning coefficients λ of dynamics-methods §2.2, the targets of LLC estimates. */

/** A regular (identifiable) model with d parameters: λ = d/2. */
export function regularLearningCoefficient(parameters: number): number {
  return parameters / 2;
}

/**
 * f(x; w) = x·∏ w_i^{k_i} at w* = 0 with true f ≡ 0: λ = 1/(2·max k_i), multiplicity #{i : k_i = max k}.
 */
export function normalCrossingLearningCoefficient(powers: readonly number[]): { lambda: number; multiplicity: number } {
  const top = Math.max(...powers);
  if (!(top >= 1) || powers.some((k) => !Number.isInteger(k) || k < 0)) {
    throw new RangeError(`powers must be integers ≥ 0 with at least one ≥ 1, got [${powers.join(', ')}]`);
  }
  return { lambda: 1 / (2 * top), multiplicity: powers.filter((k) => k === top).length };
}

/**
 * Reduced-rank regression f(x) = BAx with input M, hidden H, output N and a true map of rank r
 * (Aoyagi & Watanabe 2005). Needs 0 ≤ r ≤ min(M, H, N); then at most one of cases 2–4 holds.
 */
export function reducedRankLearningCoefficient(inputs: number, hidden: number, outputs: number, rank: number): number {
  const [M, H, N, r] = [inputs, hidden, outputs, rank];
  if (![M, H, N, r].every((v) => Number.isInteger(v) && v >= 0) || r > Math.min(M, H, N)) {
    throw new RangeError(`need integers with 0 ≤ r ≤ min(M, H, N), got M ${M}, H ${H}, N ${N}, r ${r}`);
  }
  if (M + H < N + r) return (H * M - H * r + N * r) / 2;
  if (N + H < M + r) return (H * N - H * r + M * r) / 2;
  if (M + N < H + r) return (M * N) / 2;
  const delta = (M + H + N + r) % 2 === 1 ? 1 : 0;
  return (2 * (H + r) * (M + N) - (M - N) ** 2 - (H + r) ** 2 + delta) / 8;
}
