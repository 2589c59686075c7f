import assert from 'node:assert/strict';
import { displayOrder, reorderLatents } from '../../../../src/engine/diagnostics/mixing/reorder';
import type { CosineMatrix } from '../../../../src/engine/sae/metrics';

const matrix = (rows: number[][]): CosineMatrix => ({ data: Float32Array.from(rows.flat()), latents: rows.length, features: rows[0].length });

describe('mixing: display order of the latent × feature cosine matrix', () => {
  it('sorts latents by the feature of largest |cos| (Sparse but Wrong\'s test matrix)', () => {
    const C = matrix([
      [0.1, 0.9, 0.2],
      [0.8, 0.1, 0.3],
      [0.2, 0.3, 0.7],
    ]);
    const { order, bestFeature } = displayOrder(C);
    assert.deepEqual(Array.from(bestFeature), [1, 0, 2]);
    assert.deepEqual(Array.from(order), [1, 0, 2]);
    const shown = reorderLatents(C, order);
    assert.deepEqual(Array.from(shown.data.subarray(0, 3)), Array.from(Float32Array.of(0.8, 0.1, 0.3)));
    assert.deepEqual(Array.from(shown.data.subarray(3, 6)), Array.from(Float32Array.of(0.1, 0.9, 0.2)));
  });

  it('uses |cos|, so a latent along −f_j sorts with f_j', () => {
    const { order, bestFeature } = displayOrder(matrix([[0.1, 0.2], [-0.95, 0.1]]));
    assert.deepEqual(Array.from(bestFeature), [1, 0]);
    assert.deepEqual(Array.from(order), [1, 0]);
  });

  it('rounds to 2 decimals before the argmax (first feature on ties) and keeps latent order within a feature', () => {
    // 0.504 and 0.496 both round to 0.50: the tie goes to the first feature, as torch.argmax does.
    const C = matrix([
      [0.0, 0.496, 0.504],
      [0.9, 0.0, 0.0],
      [0.0, 0.7, 0.1],
      [0.6, 0.1, 0.0],
    ]);
    const { order, bestFeature } = displayOrder(C);
    assert.deepEqual(Array.from(bestFeature), [1, 0, 1, 0]);
    assert.deepEqual(Array.from(order), [1, 3, 0, 2]);
    assert.deepEqual(Array.from(displayOrder(C, 3).bestFeature), [2, 0, 1, 0]);
  });

  it('the identity for a ground-truth SAE, and more latents than features work', () => {
    const C = matrix([[1, 0], [0, 1], [0.1, 0.9]]);
    assert.deepEqual(Array.from(displayOrder(C).order), [0, 1, 2]);
    assert.throws(() => reorderLatents(C, Int32Array.of(0, 1)), /order of 2 latents/);
  });
});
