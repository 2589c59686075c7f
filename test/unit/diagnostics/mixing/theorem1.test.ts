import assert from 'node:assert/strict';
import { theorem1ExpectedLoss } from '../../../../src/engine/diagnostics/mixing/theorem1';

describe('mixing: Sparse but Wrong Theorem 1', () => {
  it('E[L(1)] = P₁₂m², E[L(0.6)] ≈ 0.154 at P₁ = P₁₂ = 0.4, E[L(½)] = P₁m²/2', () => {
    assert.ok(Math.abs(theorem1ExpectedLoss(1, 0.4, 0.4) - 0.4) < 1e-12);
    assert.ok(Math.abs(theorem1ExpectedLoss(0.6, 0.4, 0.4) - 0.08 / 0.52) < 1e-12);
    assert.equal(theorem1ExpectedLoss(0.6, 0.4, 0.4).toFixed(3), '0.154');
    assert.ok(Math.abs(theorem1ExpectedLoss(0.5, 0.3, 0.1, 2) - (0.3 * 4) / 2) < 1e-12);
  });

  it('some mixing beats the disentangled latent whenever the features co-occur; the even mix once P₁₂ > P₁/2', () => {
    for (const p12 of [0.01, 0.15, 0.25]) assert.ok(theorem1ExpectedLoss(0.99, 0.4, p12) < theorem1ExpectedLoss(1, 0.4, p12));
    assert.ok(theorem1ExpectedLoss(0.5, 0.4, 0.25) < theorem1ExpectedLoss(1, 0.4, 0.25));
    assert.ok(theorem1ExpectedLoss(0.5, 0.4, 0.15) > theorem1ExpectedLoss(1, 0.4, 0.15));
  });
});
