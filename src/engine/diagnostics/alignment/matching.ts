import { FoldMoments, foldCorrelations } from './foldMoments';
import { uniformTransport } from './transport';

/**
 * Semi-matching of one fold (sae-methods §5.2): each target unit j takes the source unit most correlated with it
 * on the training rows, m(j) = argmax_i C_tr[i, j] (the first on ties, as NumPy's argmax), and the fold's score
 * is the mean over j of the test-row correlation of that pair. Directional and many-to-one.
 */
export function semiMatchingFold(m: FoldMoments, k: number): number {
  const train = foldCorrelations(m, k, 'train');
  const test = foldCorrelations(m, k, 'test');
  let total = 0;
  for (let j = 0; j < m.q; j++) {
    let best = 0;
    for (let i = 1; i < m.p; i++) if (train[i * m.q + j] > train[best * m.q + j]) best = i;
    total += test[best * m.q + j];
  }
  return total / m.q;
}

/**
 * Soft-matching of one fold (Khosla & Williams' soft-matching in correlation form, §5.2): the transport plan
 * P* between uniform marginals over source and target units that minimises Σ P_ij (1 − C_tr[i, j]), then the
 * score Σ P*_ij C_te[i, j] ∈ [−1, 1]. The plan is exact (see `uniformTransport`).
 */
export function softMatchingFold(m: FoldMoments, k: number): number {
  const train = foldCorrelations(m, k, 'train');
  const test = foldCorrelations(m, k, 'test');
  const { plan } = uniformTransport(train.map((c) => 1 - c), m.p, m.q);
  let total = 0;
  for (let t = 0; t < plan.length; t++) if (plan[t] !== 0) total += plan[t] * test[t];
  return total;
}
