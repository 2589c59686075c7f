import { enumKey, intKey, numberKey } from '../presetKeys';
import { linearRampProbabilities } from '../probabilities';
import { definePreset, directionKeys, directionsProblem, directionsSpec, outputKeys, outputSpec } from './common';

/**
 * Sparse-but-Wrong large toy (spec §3.2): g = 50 features in d = 100, p_i = 0.05 + 0.345·(49 − i)/50
 * (0.388 down to 0.05; Σp = 10.9525, the true L0; the paper's "p₀ = 0.345" is the code's slope, and we
 * follow the code as the spec does), magnitudes max(0, N(1, 0.15²)), firing correlated by
 * the seeded random correlation matrix (strength 0.3–0.9, sparsity 0.3, half positive, seed 42).
 * `d=40` gives the superposition variant (50 optimized directions in 40 dimensions).
 */
export const largeToy = definePreset({
  summary: 'Sparse-but-Wrong large toy: 50 correlated features in 100 dims, true L0 ≈ 11',
  keys: {
    features: intKey(50, 'number of features g', { min: 1 }),
    d: intKey(100, 'activation dimension', { min: 1 }),
    pMin: numberKey(0.05, 'firing probability of the rarest feature: p_i = pMin + pSpan·(g−1−i)/g', { min: 0, max: 1 }),
    pSpan: numberKey(0.345, 'spread of the firing probabilities (see pMin)', { min: 0, max: 1 }),
    mean: numberKey(1, 'magnitude mean μ, before the ReLU'),
    std: numberKey(0.15, 'magnitude std σ', { min: 0 }),
    correlation: enumKey(['random', 'none'], 'random', 'random: seeded random correlation matrix (spec §2.2); none: independent features'),
    corrMin: numberKey(0.3, 'smallest |C_ij| drawn, before the PSD repair', { min: 0, max: 1 }),
    corrMax: numberKey(0.9, 'largest |C_ij| drawn, before the PSD repair', { min: 0, max: 1 }),
    corrSparsity: numberKey(0.3, 'fraction of feature pairs left uncorrelated', { min: 0, max: 1 }),
    corrPositive: numberKey(0.5, 'fraction of correlated pairs with a positive sign', { min: 0, max: 1 }),
    ...directionKeys(42, 'auto'),
    ...outputKeys,
  },
  check: (p) => {
    if (p.pMin + (p.pSpan * (p.features - 1)) / p.features > 1) return `pMin + pSpan·(features−1)/features must be ≤ 1, got ${p.pMin} + ${p.pSpan}·(${p.features}−1)/${p.features}`;
    if (p.corrMin > p.corrMax) return `corrMin (${p.corrMin}) must be ≤ corrMax (${p.corrMax})`;
    return directionsProblem(p, p.features, p.d);
  },
  build: (p) => ({
    d: p.d,
    worldSeed: p.worldSeed,
    directions: directionsSpec(p, p.features, p.d),
    firing: {
      kind: 'bernoulli',
      probabilities: linearRampProbabilities(p.features, p.pMin, p.pSpan),
      correlation:
        p.correlation === 'none'
          ? null
          : { kind: 'random', positiveRatio: p.corrPositive, strength: [p.corrMin, p.corrMax], sparsity: p.corrSparsity },
    },
    magnitudes: { law: 'normal-relu', mean: p.mean, std: p.std },
    ...outputSpec(p),
  }),
});

/**
 * Sparse-but-Wrong small toy (spec §3.2, A.3): g = 5 orthogonal features in d = 20, p = 0.4 each (true
 * L0 = 2), magnitudes max(0, N(1, 0.15²)); feature 0's latent Gaussian correlates with each other feature's at
 * c (+0.4 in Fig. 2, −0.4 in Fig. 3), all other pairs 0. The matrix is PSD for |c| ≤ 1/√(g−1) (singular at
 * the bound, which sampling handles); beyond it, it is repaired as a given matrix is (clipped eigenvalues).
 * `directions=optimized&orthoSteps=4` gives the A.3.3 near-orthogonal variant.
 */
export const smallToy = definePreset({
  summary: 'Sparse-but-Wrong small toy: 5 features in 20 dims, p = 0.4, feature 0 correlated with the rest',
  keys: {
    features: intKey(5, 'number of features g', { min: 2 }),
    d: intKey(20, 'activation dimension', { min: 1 }),
    p: numberKey(0.4, 'firing probability of every feature', { min: 0, max: 1 }),
    c: numberKey(0.4, 'latent correlation between feature 0 and each other feature', { min: -1, max: 1 }),
    mean: numberKey(1, 'magnitude mean μ, before the ReLU'),
    std: numberKey(0.15, 'magnitude std σ', { min: 0 }),
    ...directionKeys(42, 'auto'),
    ...outputKeys,
  },
  check: (p) => directionsProblem(p, p.features, p.d),
  build: (p) => ({
    d: p.d,
    worldSeed: p.worldSeed,
    directions: directionsSpec(p, p.features, p.d),
    firing: {
      kind: 'bernoulli',
      probabilities: new Array<number>(p.features).fill(p.p),
      correlation: { kind: 'matrix', matrix: starCorrelation(p.features, p.c) },
    },
    magnitudes: { law: 'normal-relu', mean: p.mean, std: p.std },
    ...outputSpec(p),
  }),
});

/** C = I with C_0j = C_j0 = c for j ≥ 1. */
function starCorrelation(g: number, c: number): Float64Array {
  const m = new Float64Array(g * g);
  for (let i = 0; i < g; i++) m[i * g + i] = 1;
  for (let j = 1; j < g; j++) {
    m[j] = c;
    m[j * g] = c;
  }
  return m;
}
