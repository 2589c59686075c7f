import assert from 'node:assert/strict';
import { pairwiseCosines } from '../../../../src/engine/diagnostics/mixing/pairwise';
import { unitRows } from '../../../../src/engine/sae/metrics';
import { Rng } from '../../../../src/engine/util/random';

describe('mixing: pairwise decoder cosines', () => {
  // Four unit rows in 3-d: e0, e1, (e0 + e1)/√2, −e0.
  const s = Math.SQRT1_2;
  const unit = Float32Array.of(1, 0, 0, 0, 1, 0, s, s, 0, -1, 0, 0);

  it('histogram counts every pair i < j once, in the bin of its cosine', async () => {
    const { histogram } = await pairwiseCosines(unit, 4, 3, { bins: 4 });
    // Pairs: (0,1) 0, (0,2) .707, (0,3) −1, (1,2) .707, (1,3) 0, (2,3) −.707.
    assert.deepEqual(histogram.edges, [-1, -0.5, 0, 0.5, 1]);
    assert.deepEqual(histogram.counts, [2, 0, 2, 2]);
    assert.equal(histogram.pairs, 6);
    assert.ok(Math.abs(histogram.mean - (2 * s - 1 - s) / 6) < 1e-6);
    assert.ok(Math.abs(histogram.meanAbs - (3 * s + 1) / 6) < 1e-6);
  });

  it('a cosine of exactly 1 falls in the last bin', async () => {
    const { histogram } = await pairwiseCosines(Float32Array.of(1, 0, 1, 0), 2, 2, { bins: 10 });
    assert.equal(histogram.counts[9], 1);
  });

  it('lists the top pairs by |cos|, ties by index', async () => {
    const { top } = await pairwiseCosines(unit, 4, 3, { top: 3 });
    assert.deepEqual(top.map((p) => [p.i, p.j]), [[0, 3], [0, 2], [1, 2]]);
    assert.equal(top[0].cosine, -1);
  });

  it('leaves out latents not included (dead ones)', async () => {
    const { histogram, top } = await pairwiseCosines(unit, 4, 3, { include: Uint8Array.of(1, 1, 0, 1), top: 10 });
    assert.equal(histogram.pairs, 3);
    assert.deepEqual(top.map((p) => [p.i, p.j]), [[0, 3], [0, 1], [1, 3]]);
  });

  it('agrees with a direct computation across several ORT blocks', async () => {
    const count = 2100, dim = 6; // 2^22 / 2100 rows per block: two blocks
    const rng = new Rng(3);
    const rows = unitRows(rng.fillNormal(new Float32Array(count * dim)), count, dim);
    const r = await pairwiseCosines(rows, count, dim, { bins: 20, top: 5 });
    let pairs = 0, sum = 0, best = { i: -1, j: -1, c: 0 };
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        let c = 0;
        for (let k = 0; k < dim; k++) c += rows[i * dim + k] * rows[j * dim + k];
        pairs++;
        sum += c;
        if (Math.abs(c) > Math.abs(best.c)) best = { i, j, c };
      }
    }
    assert.equal(r.histogram.pairs, pairs);
    assert.equal(r.histogram.counts.reduce((a, b) => a + b, 0), pairs);
    assert.ok(Math.abs(r.histogram.mean - sum / pairs) < 1e-6);
    assert.deepEqual([r.top[0].i, r.top[0].j], [best.i, best.j]);
  });
});
