import { FoldMoments, foldCorrelations } from './foldMoments';
import { uniformTransport } from './transport';

/** One fold's score and each target unit's part of it (the score is the mean of the parts). */
export interface FoldUnits {
  score: number;
  units: Float64Array;
}

/**
 * Semi-matching of one fold (sae-methods §5.2): each target unit j takes the source unit most correlated with it
 * on the training rows, m(j) = argmax_i C_tr[i, j] (the first on ties, as NumPy's argmax), and the fold's score
 * is the mean over j of the test-row correlation of that pair. Directional and many-to-one.
 */
export function semiMatchingFold(m: FoldMoments, k: number): number {
  return semiMatchingUnits(m, k).score;
}

/** Semi-matching with each target unit's own match, corr_test(X[:, m(j)], Y[:, j]). */
export function semiMatchingUnits(m: FoldMoments, k: number): FoldUnits {
  const train = foldCorrelations(m, k, 'train');
  const test = foldCorrelations(m, k, 'test');
  const units = new Float64Array(m.q);
  let total = 0;
  for (let j = 0; j < m.q; j++) {
    let best = 0;
    for (let i = 1; i < m.p; i++) if (train[i * m.q + j] > train[best * m.q + j]) best = i;
    units[j] = test[best * m.q + j];
    total += units[j];
  }
  return { score: total / m.q, units };
}

/**
 * Soft-matching of one fold (Khosla & Williams' soft-matching in correlation form, §5.2): the transport plan
 * P* between uniform marginals over source and target units that minimises Σ P_ij (1 − C_tr[i, j]), then the
 * score Σ P*_ij C_te[i, j] ∈ [−1, 1]. The plan is exact (see `uniformTransport`).
 */
export function softMatchingFold(m: FoldMoments, k: number): number {
  return softMatchingUnits(m, k).score;
}

/**
 * Soft-matching with each target unit's part: q·Σ_i P*_ij C_te[i, j], the correlation of j with the source units
 * it is transported from, weighted by the plan (column j of P* sums to 1/q, so the parts average to the score).
 */
export function softMatchingUnits(m: FoldMoments, k: number): FoldUnits {
  const train = foldCorrelations(m, k, 'train');
  const test = foldCorrelations(m, k, 'test');
  const { plan } = uniformTransport(train.map((c) => 1 - c), m.p, m.q);
  const units = new Float64Array(m.q);
  let total = 0;
  for (let t = 0; t < plan.length; t++) {
    if (plan[t] === 0) continue;
    total += plan[t] * test[t];
    units[t % m.q] += m.q * plan[t] * test[t];
  }
  return { score: total, units };
}
