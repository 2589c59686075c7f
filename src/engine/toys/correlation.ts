import type { Rng } from '../util/random';
import { ToyConfigError } from './errors';
import { symmetricEigen } from './linalg';

export interface RandomCorrelationOptions {
  readonly positiveRatio: number;
  readonly strength: readonly [number, number];
  readonly sparsity: number;
}

/**
 * Seeded port of Sparse-but-Wrong's `generate_random_correlation_matrix` (spec §2.2), step for step:
 * choose P − ⌊P·sparsity⌋ of the P = g(g−1)/2 pairs uniformly without replacement (in random order), give
 * the first ⌊n·positiveRatio⌋ chosen a + sign and the rest −, draw |C_ij| ~ U(lo, hi) in that order, then
 * repair to a correlation matrix. Returns C [g, g] row-major.
 */
export function randomCorrelationMatrix(g: number, options: RandomCorrelationOptions, rng: Rng): Float64Array {
  const { positiveRatio, sparsity } = options;
  const [lo, hi] = options.strength;
  if (!(positiveRatio >= 0 && positiveRatio <= 1)) throw new ToyConfigError(`positiveRatio must be in [0, 1], got ${positiveRatio}`);
  if (!(sparsity >= 0 && sparsity <= 1)) throw new ToyConfigError(`sparsity must be in [0, 1], got ${sparsity}`);
  if (!(lo >= 0 && hi >= lo && hi <= 1)) throw new ToyConfigError(`correlation strength needs 0 ≤ lo ≤ hi ≤ 1, got (${lo}, ${hi})`);
  const m = new Float64Array(g * g);
  for (let i = 0; i < g; i++) m[i * g + i] = 1;
  const pairCount = (g * (g - 1)) / 2;
  const chosenCount = pairCount - Math.floor(pairCount * sparsity);
  if (chosenCount === 0) return m;
  // Pair k in lexicographic order (i < j), as Python's list of pairs.
  const pairs = new Int32Array(pairCount * 2);
  for (let i = 0, k = 0; i < g; i++) {
    for (let j = i + 1; j < g; j++, k++) {
      pairs[2 * k] = i;
      pairs[2 * k + 1] = j;
    }
  }
  // A partial Fisher–Yates shuffle: its first chosenCount entries are an ordered sample without replacement.
  const order = Int32Array.from({ length: pairCount }, (_, k) => k);
  for (let k = 0; k < chosenCount; k++) {
    const r = k + rng.int(pairCount - k);
    const t = order[k];
    order[k] = order[r];
    order[r] = t;
  }
  const positiveCount = Math.floor(chosenCount * positiveRatio);
  for (let k = 0; k < chosenCount; k++) {
    const i = pairs[2 * order[k]];
    const j = pairs[2 * order[k] + 1];
    const value = (k < positiveCount ? 1 : -1) * (lo + (hi - lo) * rng.uniform());
    m[i * g + j] = value;
    m[j * g + i] = value;
  }
  return clipToCorrelation(m, g);
}

/**
 * The reference repair (`_fix_correlation_matrix`): M = V·diag(max(λ, 1e-6))·Vᵀ, then
 * M_ij /= √(M_ii M_jj) and a unit diagonal. A PSD input comes back unchanged up to rounding.
 */
export function clipToCorrelation(matrix: ArrayLike<number>, g: number, minEigenvalue = 1e-6): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, g);
  const out = new Float64Array(g * g);
  for (let i = 0; i < g; i++) {
    for (let j = i; j < g; j++) {
      let s = 0;
      for (let k = 0; k < g; k++) s += vectors[i * g + k] * Math.max(values[k], minEigenvalue) * vectors[j * g + k];
      out[i * g + j] = s;
      out[j * g + i] = s;
    }
  }
  const scale = Float64Array.from({ length: g }, (_, i) => Math.sqrt(out[i * g + i]));
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) out[i * g + j] = i === j ? 1 : out[i * g + j] / (scale[i] * scale[j]);
  }
  return out;
}

/**
 * Checks a given correlation matrix (finite, symmetric, unit diagonal, entries in [−1, 1]) and returns the
 * one to sample from: itself, or its repair when its smallest eigenvalue is below −1e-6 (as the reference's
 * `create_correlation_matrix` does).
 */
export function checkedCorrelation(matrix: ArrayLike<number>, g: number): Float64Array {
  if (matrix.length !== g * g) throw new ToyConfigError(`correlation matrix has ${matrix.length} entries; ${g} features need ${g * g}`);
  const c = Float64Array.from({ length: g * g }, (_, i) => matrix[i]);
  for (let i = 0; i < g; i++) {
    if (Math.abs(c[i * g + i] - 1) > 1e-9) throw new ToyConfigError(`correlation matrix diagonal must be 1 (C[${i}][${i}] = ${c[i * g + i]})`);
    c[i * g + i] = 1;
    for (let j = 0; j < i; j++) {
      const a = c[i * g + j];
      if (!(Math.abs(a) <= 1) || Math.abs(a - c[j * g + i]) > 1e-9) {
        throw new ToyConfigError(`correlation matrix must be symmetric with entries in [−1, 1] (C[${i}][${j}] = ${a}, C[${j}][${i}] = ${c[j * g + i]})`);
      }
    }
  }
  const { values } = symmetricEigen(c, g);
  return values.reduce((a, b) => Math.min(a, b), Infinity) < -1e-6 ? clipToCorrelation(c, g) : c;
}
