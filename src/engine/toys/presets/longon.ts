import { intKey, numberKey } from '../presetKeys';
import { definePreset } from './common';

/**
 * The data of Longon et al.'s toy model (spec §5.1): 64 features, each U(0, 1) with probability 0.1 and 0
 * otherwise, given as the feature vector itself (directions = the standard basis, d = features). The
 * model's power-law importance (1 + 2i/64)^−2 weights its loss, not the data, so it is not part of this world.
 */
export const longonToy = definePreset({
  summary: 'Longon et al. toy data: 64 features, each U(0, 1) with probability 0.1',
  keys: {
    features: intKey(64, 'number of features (= d)', { min: 1 }),
    p: numberKey(0.1, 'firing probability of every feature', { min: 0, max: 1 }),
    low: numberKey(0, 'smallest magnitude', { min: 0 }),
    high: numberKey(1, 'largest magnitude', { min: 0 }),
  },
  check: (p) => (p.low > p.high ? `low (${p.low}) must be ≤ high (${p.high})` : undefined),
  build: (p) => ({
    d: p.features,
    worldSeed: 0,
    directions: { kind: 'basis' },
    firing: { kind: 'bernoulli', probabilities: new Array<number>(p.features).fill(p.p), correlation: null },
    magnitudes: { law: 'uniform', low: p.low, high: p.high },
  }),
});
