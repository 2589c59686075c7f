import { modelRng } from '../modelRandom';
import { SparseFeatureSampler } from './sparseFeatures';

/**
 * Longon et al.'s data (sae-methods §5.1): each of `features` features is U(0, 1) with probability `p`,
 * else 0. The paper draws one fixed dataset that both models (seeds 0 and 1) read in order, one epoch
 * without shuffling; this stream, from `dataSeed` alone, is that dataset: training step k reads rows
 * kB…(k+1)B−1. A fresh sampler regenerates the rows a model was trained on (the "neurons" are then
 * `longonHiddenActivations` of them).
 */
export function longonSampler(features: number, p: number, dataSeed: number): SparseFeatureSampler {
  return new SparseFeatureSampler(new Array<number>(features).fill(p), 0, 1, modelRng(dataSeed, 'batches'));
}
