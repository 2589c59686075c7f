import assert from 'node:assert/strict';
import {
  MetricsAccumulator,
  deadCount,
  deadFraction,
  denseFraction,
  densityHistogram,
  latentDensities,
} from '../../../../src/engine/sae/metrics';

// 1000 rows, 6 latents firing on 0, 1, 10, 11, 150 and 1000 rows: densities 0, 0.001, 0.01, 0.011, 0.15, 1.
const rows = 1000;
const firings = [0, 1, 10, 11, 150, 1000];

function fireCounts(): Float64Array {
  const acts = new Float32Array(rows * firings.length);
  firings.forEach((count, latent) => {
    for (let b = 0; b < count; b++) acts[b * firings.length + latent] = 0.5 + latent;
  });
  const accumulator = new MetricsAccumulator(1, firings.length);
  accumulator.addBatch(new Float32Array(rows), new Float32Array(rows), acts);
  return accumulator.stats().fireCounts;
}

describe('sae/metrics density', () => {
  it('counts firings per latent', () => {
    assert.deepEqual(fireCounts(), Float64Array.from(firings));
    assert.deepEqual(latentDensities(fireCounts(), rows), Float64Array.from([0, 0.001, 0.01, 0.011, 0.15, 1]));
  });

  it('calls a latent dead only when it never fired', () => {
    assert.equal(deadCount(fireCounts()), 1);
    assert.equal(deadFraction(fireCounts()), 1 / 6);
  });

  it('calls a latent dense strictly above the threshold', () => {
    assert.equal(denseFraction(fireCounts(), rows, 0.01), 3 / 6, 'density exactly 0.01 is not over 1%');
    assert.equal(denseFraction(fireCounts(), rows, 0.1), 2 / 6);
  });

  it('bins log10 densities of live latents and counts the dead apart', () => {
    // Edges −3.1 + k/3; log10 densities −3, −2, −1.96, −0.82, 0 fall in bins 0, 3, 3, 6 and the last.
    const histogram = densityHistogram(fireCounts(), rows, { binsPerDecade: 3, minLog10: -3.1 });
    assert.deepEqual(histogram.counts, Uint32Array.from([1, 0, 0, 2, 0, 0, 1, 0, 0, 1]));
    assert.equal(histogram.dead, 1);
    assert.equal(histogram.rows, rows);
    assert.equal(histogram.log10Edges.length, 11);
    assert.equal(histogram.log10Edges[0], -3.1);
    assert.equal(histogram.log10Edges[10], 0);
  });

  it('starts the default histogram at the rarest density the eval can show', () => {
    const histogram = densityHistogram(fireCounts(), rows);
    assert.equal(histogram.log10Edges[0], -3);
    assert.equal(histogram.counts.length, 15);
    assert.equal(
      histogram.counts.reduce((a, b) => a + b, 0),
      5,
    );
  });

  it('puts densities below the lowest edge in the first bin', () => {
    const histogram = densityHistogram(Float64Array.from([1, 500]), 1000, { minLog10: -2, binsPerDecade: 1 });
    assert.deepEqual(histogram.counts, Uint32Array.from([1, 1]));
  });

  it('rejects a histogram it cannot draw', () => {
    assert.throws(() => densityHistogram(Float64Array.from([1]), 0), RangeError);
    assert.throws(() => densityHistogram(Float64Array.from([1]), 10, { minLog10: 0 }), RangeError);
    assert.throws(() => densityHistogram(Float64Array.from([1]), 10, { binsPerDecade: 0 }), RangeError);
  });
});
