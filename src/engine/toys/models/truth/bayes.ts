/**
 * Closed-form references for the truth co-occurrence data (spec §4.1), at the position x' where y' is
 * predicted. With a = P(y = g(x)) = ρ + (1−ρ)/N:
 *   Bayes:           P(T=1 | y = g(x)) = ρ/a, P(T=1 | y ≠ g(x)) = 0, P(y' = g(x') | ·) = P(T=1|·) + (1 − P(T=1|·))/N;
 *   memorize-only:   P(y' = g(x')) = a everywhere, the other attributes (1−ρ)/N each.
 */
export interface TruthReference {
  /** P(T=1 | the first fact is true). */
  posteriorTrue: number;
  /** Bayes P(y' = g(x')) in a true and in a false context. */
  bayesTrueContext: number;
  bayesFalseContext: number;
  /** The memorize-only model's P(y' = g(x')), the same in every context. */
  memorizeOnly: number;
  /** Expected cross-entropy at x' (nats) of the Bayes and the memorize-only predictor. */
  bayesLoss: number;
  memorizeOnlyLoss: number;
}

export function truthReference(n: number, rho: number): TruthReference {
  const a = rho + (1 - rho) / n;
  const posteriorTrue = rho / a;
  const bayesTrueContext = posteriorTrue + (1 - posteriorTrue) / n;
  // In a true context y' = g(x') with probability bayesTrueContext (the Bayes prediction is calibrated), and
  // every other attribute gets (1 − P(T=1))/N; in a false context y' is uniform and so is the prediction.
  const trueContextLoss = -crossTerm(bayesTrueContext, bayesTrueContext) - crossTerm(1 - bayesTrueContext, (1 - posteriorTrue) / n);
  const bayesLoss = a * trueContextLoss + (1 - a) * Math.log(n);
  const memorizeOnlyLoss = -crossTerm(a, a) - crossTerm(1 - a, (1 - rho) / n);
  return { posteriorTrue, bayesTrueContext, bayesFalseContext: 1 / n, memorizeOnly: a, bayesLoss, memorizeOnlyLoss };
}

/** H₂(p) in nats: as N → ∞ the memorize-only loss exceeds the Bayes loss by this. */
export function binaryEntropy(p: number): number {
  return -crossTerm(p, p) - crossTerm(1 - p, 1 - p);
}

/** p·log q with 0·log 0 = 0. */
const crossTerm = (p: number, q: number): number => (p === 0 ? 0 : p * Math.log(q));
