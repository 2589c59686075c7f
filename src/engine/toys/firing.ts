import type { Rng } from '../util/random';
import { ToyConfigError } from './errors';

/** Decides which features fire in one sample. */
export interface FiringSampler {
  readonly nFeatures: number;
  /** Marginal P(feature i fires). */
  readonly probabilities: Float64Array;
  /** Writes the indices of the features that fire in one sample to `fired`, ascending; returns how many. */
  sample(rng: Rng, fired: Int32Array): number;
}

export function checkedProbabilities(probabilities: readonly number[]): Float64Array {
  if (probabilities.length === 0) throw new ToyConfigError('a toy world needs at least one feature');
  probabilities.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new ToyConfigError(`firing probability of feature ${i} must be in [0, 1], got ${p}`);
  });
  return Float64Array.from(probabilities);
}

/** Independent Bernoulli(p_i) features: one uniform per feature per sample. */
export class IndependentFiring implements FiringSampler {
  readonly nFeatures: number;
  readonly probabilities: Float64Array;

  constructor(probabilities: readonly number[]) {
    this.probabilities = checkedProbabilities(probabilities);
    this.nFeatures = this.probabilities.length;
  }

  sample(rng: Rng, fired: Int32Array): number {
    const p = this.probabilities;
    let n = 0;
    for (let i = 0; i < p.length; i++) if (rng.uniform() < p[i]) fired[n++] = i;
    return n;
  }
}
