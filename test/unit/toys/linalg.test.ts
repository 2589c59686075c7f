import assert from 'node:assert/strict';
import { cholesky, correlationCholesky, orthonormalizeRows, packedIndex, symmetricEigen } from '../../../src/engine/toys/linalg';
import { Rng } from '../../../src/engine/util/random';

function randomSymmetric(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.uniform() * 2 - 1;
  return a;
}

/** L Lᵀ from a packed lower-triangular factor. */
function fromFactor(l: Float64Array, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k <= Math.min(i, j); k++) s += l[packedIndex(i, k)] * l[packedIndex(j, k)];
      a[i * n + j] = s;
    }
  }
  return a;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

describe('toys/linalg', () => {
  it('orthonormalises Gaussian rows to rounding', () => {
    const rng = new Rng(1);
    const [n, d] = [30, 40];
    const rows = Float64Array.from({ length: n * d }, () => rng.uniform() - 0.5);
    orthonormalizeRows(rows, n, d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += rows[i * d + k] * rows[j * d + k];
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-13, `(${i}, ${j}): ${dot}`);
      }
    }
    assert.throws(() => orthonormalizeRows(new Float64Array(6), 3, 2), /3 rows in 2 dimensions/);
  });

  it('Cholesky reconstructs a positive-definite matrix and refuses an indefinite one', () => {
    const rng = new Rng(2);
    const n = 12;
    const b = randomSymmetric(n, rng);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += b[i * n + k] * b[j * n + k];
    for (let i = 0; i < n; i++) a[i * n + i] += 0.1;
    const l = cholesky(a, n);
    assert.ok(l);
    assert.ok(maxDiff(fromFactor(l, n), a) < 1e-12);
    assert.equal(cholesky([1, 2, 2, 1], 2), null);
  });

  it('factors a singular correlation matrix with the smallest jitter that works, keeping a unit diagonal', () => {
    const c = [1, 1, 1, 1];
    const { factor, jitter } = correlationCholesky(c, 2);
    assert.ok(jitter > 0 && jitter <= 1e-4);
    const back = fromFactor(factor, 2);
    assert.ok(Math.abs(back[0] - 1) < 1e-15 && Math.abs(back[3] - 1) < 1e-15);
    assert.ok(Math.abs(back[1] - 1 / (1 + jitter)) < 1e-12);
    assert.equal(correlationCholesky([1, 0.5, 0.5, 1], 2).jitter, 0);
    assert.throws(() => correlationCholesky([1, -1, 0, -1, 1, -1, 0, -1, 1], 3), /not positive semi-definite/);
  });

  it('Jacobi eigendecomposition reconstructs a symmetric matrix with orthonormal vectors', () => {
    const n = 25;
    const a = randomSymmetric(n, new Rng(3));
    const { values, vectors } = symmetricEigen(a, n);
    const back = new Float64Array(n * n);
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < n; k++) {
          back[i * n + j] += vectors[i * n + k] * values[k] * vectors[j * n + k];
          gram[i * n + j] += vectors[k * n + i] * vectors[k * n + j];
        }
      }
    }
    assert.ok(maxDiff(back, a) < 1e-12);
    assert.ok(maxDiff(gram, Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0))) < 1e-12);
    const small = Array.from(symmetricEigen([2, 1, 1, 2], 2).values).sort();
    assert.ok(maxDiff(small, [1, 3]) < 1e-14, `eigenvalues ${small}`);
  });
});
