import assert from 'node:assert/strict';
import { crossCosines } from '../../../src/engine/jobs/crossCosine';
import { greedyMatch, hungarianMatch, summarizeMatch } from '../../../src/engine/jobs/matching';

describe('jobs/matching (Compare)', () => {
  it('Hungarian finds the permutation that greedy misses', () => {
    // Greedy takes (0,0) = 0.9 and is left with (1,1) = 0.1; the optimum is (0,1) + (1,0) = 0.8 + 0.8.
    const cosines = Float32Array.from([0.9, 0.8, 0.8, 0.1]);
    assert.deepEqual(Array.from(hungarianMatch(cosines, 2, 2)), [1, 0]);
    const candidates = [
      { a: 0, b: 0, cosine: 0.9 },
      { a: 0, b: 1, cosine: 0.8 },
      { a: 1, b: 0, cosine: 0.8 },
      { a: 1, b: 1, cosine: 0.1 },
    ];
    assert.deepEqual(Array.from(greedyMatch(candidates, 2, 2)), [0, 1]);
  });

  it('recovers a permuted dictionary exactly', () => {
    const dim = 8;
    const unitA = new Float32Array(dim * dim);
    const unitB = new Float32Array(dim * dim);
    const permutation = [3, 0, 7, 1, 6, 2, 5, 4];
    for (let i = 0; i < dim; i++) {
      unitA[i * dim + i] = 1;
      unitB[permutation[i] * dim + i] = 1;
    }
    const cosines = crossCosines(unitA, dim, unitB, dim, dim);
    const aToB = hungarianMatch(cosines, dim, dim);
    assert.deepEqual(Array.from(aToB), permutation);
    const summary = summarizeMatch(aToB, (a, b) => cosines[a * dim + b], dim, 0.7);
    assert.equal(summary.shared, dim);
    assert.equal(summary.meanCosine, 1);
    assert.deepEqual(summary.unmatchedA, []);
    assert.equal(summary.histogram.counts.reduce((s, c) => s + c, 0), dim);
  });

  it('counts pairs under the threshold, and surplus latents, as unmatched', () => {
    const aToB = Int32Array.from([1, -1, 0]);
    const cos = (a: number) => [0.95, 0, 0.3][a];
    const summary = summarizeMatch(aToB, cos, 3, 0.7);
    assert.equal(summary.shared, 1);
    assert.deepEqual(summary.unmatchedA, [1, 2]);
    assert.deepEqual(summary.unmatchedB, [0, 2]);
    assert.deepEqual(summary.pairs.map((p) => p.a), [0, 2]);
  });
});
