import { intKey, numberKey } from '../presetKeys';
import { zipfProbabilities } from '../probabilities';
import { definePreset, directionKeys, directionsProblem, directionsSpec, outputKeys, outputSpec } from './common';

/**
 * Many independent features in superposition with Zipf-like frequencies p_i = pMax·(i + 1)^(−exponent),
 * in the spirit of SynthSAEBench; not from the three papers, so its defaults are ours (true L0 ≈ 5.67).
 */
export const zipfToy = definePreset({
  summary: 'superposition: 512 independent features in 128 dims with Zipf-like firing',
  keys: {
    features: intKey(512, 'number of features g', { min: 1 }),
    d: intKey(128, 'activation dimension', { min: 1 }),
    pMax: numberKey(0.3, 'firing probability of the most frequent feature', { min: 0, max: 1 }),
    exponent: numberKey(0.7, 'Zipf exponent of the firing probabilities', { min: 0 }),
    mean: numberKey(1, 'magnitude mean μ, before the ReLU'),
    std: numberKey(0.15, 'magnitude std σ', { min: 0 }),
    ...directionKeys(42, 'random'),
    ...outputKeys,
  },
  check: (p) => directionsProblem(p, p.features, p.d),
  build: (p) => ({
    d: p.d,
    worldSeed: p.worldSeed,
    directions: directionsSpec(p, p.features, p.d),
    firing: { kind: 'bernoulli', probabilities: zipfProbabilities(p.features, p.pMax, p.exponent), correlation: null },
    magnitudes: { law: 'normal-relu', mean: p.mean, std: p.std },
    ...outputSpec(p),
  }),
});
