import assert from 'node:assert/strict';
import {
  decoderMaxCosine,
  encoderMaxCosine,
  maxCosineScan,
  nearestLatents,
  summarizeMaxCosine,
  unitRows,
  type MaxCosine,
} from '../../../../src/engine/sae/metrics';
import { assertClose, naiveCosine, randomMatrix } from './helpers';

/** Every pair's cosine, max over j ≠ i, lowest j on ties. */
function naiveMaxCosine(vectors: Float32Array, count: number, dim: number): MaxCosine {
  const cosine = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  const nearest = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      if (j === i) continue;
      const c = naiveCosine(vectors, i * dim, vectors, j * dim, dim);
      if (c > cosine[i]) {
        cosine[i] = c;
        nearest[i] = j;
      }
    }
  }
  return { cosine, nearest };
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

function assertSameScan(actual: MaxCosine, expected: MaxCosine, message: string): void {
  assert.deepEqual(actual.nearest, expected.nearest, `${message}: nearest`);
  actual.cosine.forEach((c, i) => assertClose(c, expected.cosine[i], 1e-6, `${message}: cosine ${i}`));
}

describe('sae/metrics geometry', () => {
  const dSae = 23;
  const dIn = 7;

  it('finds the same max decoder cosine blockwise as naively, for any block size', () => {
    const W_dec = randomMatrix(7, dSae, dIn);
    const expected = naiveMaxCosine(W_dec, dSae, dIn);
    for (const blockRows of [1, 3, 4, 5, 8, 64]) {
      assertSameScan(decoderMaxCosine(W_dec, dSae, dIn, { blockRows }), expected, `blockRows ${blockRows}`);
    }
  });

  it('takes encoder columns, not rows', () => {
    const W_enc = randomMatrix(8, dIn, dSae);
    assertSameScan(encoderMaxCosine(W_enc, dIn, dSae), naiveMaxCosine(transpose(W_enc, dIn, dSae), dSae, dIn), 'encoder');
  });

  it('reports progress up to every pair and returns the scan', () => {
    const unit = unitRows(randomMatrix(9, dSae, dIn), dSae, dIn);
    const scan = maxCosineScan(unit, dSae, dIn, { blockRows: 5 });
    const done: number[] = [];
    let step = scan.next();
    while (!step.done) {
      assert.equal(step.value.pairsTotal, (dSae * (dSae - 1)) / 2);
      done.push(step.value.pairsDone);
      step = scan.next();
    }
    assert.equal(done.length, 5);
    assert.deepEqual(
      done,
      [...done].sort((a, b) => a - b),
    );
    assert.equal(done.at(-1), (dSae * (dSae - 1)) / 2);
    assert.equal(step.value.cosine.length, dSae);
  });

  it('breaks ties towards the lowest index and scores a zero vector 0', () => {
    // Latents 0, 1, 2 point the same way, 3 is orthogonal to them and 4 is zero: 3 and 4 tie at 0 with everyone.
    const W_dec = Float32Array.from([1, 0, 2, 0, 3, 0, 0, 1, 0, 0]);
    const { cosine, nearest } = decoderMaxCosine(W_dec, 5, 2);
    assert.deepEqual(nearest, Int32Array.from([1, 0, 0, 0, 0]));
    assert.deepEqual(cosine, Float64Array.from([1, 1, 1, 0, 0]));
  });

  it('summarises as mean and max with the latent that attains it', () => {
    const summary = summarizeMaxCosine({ cosine: Float64Array.from([0.1, 0.7, 0.4]), nearest: Int32Array.from([2, 2, 1]) });
    assertClose(summary.mean, 0.4, 1e-15);
    assert.equal(summary.max, 0.7);
    assert.equal(summary.argmax, 1);
  });

  it('has no nearest latent when there is one latent', () => {
    const { cosine, nearest } = decoderMaxCosine(Float32Array.from([1, 2]), 1, 2);
    assert.ok(Number.isNaN(cosine[0]));
    assert.equal(nearest[0], -1);
  });

  it('lists one latent’s nearest neighbours in the order of the full scan', () => {
    const W_dec = randomMatrix(10, dSae, dIn);
    const unit = unitRows(W_dec, dSae, dIn);
    const neighbours = nearestLatents(unit, dSae, dIn, 6, 4);
    const expected = Array.from({ length: dSae }, (_, j) => j)
      .filter((j) => j !== 6)
      .map((j) => ({ latent: j, cosine: naiveCosine(W_dec, 6 * dIn, W_dec, j * dIn, dIn) }))
      .sort((a, b) => b.cosine - a.cosine)
      .slice(0, 4);
    assert.deepEqual(
      neighbours.map((n) => n.latent),
      expected.map((n) => n.latent),
    );
    neighbours.forEach((n, k) => assertClose(n.cosine, expected[k].cosine, 1e-6));
    assert.equal(neighbours[0].latent, decoderMaxCosine(W_dec, dSae, dIn).nearest[6]);
    assert.throws(() => nearestLatents(unit, dSae, dIn, dSae, 1), RangeError);
  });
});
