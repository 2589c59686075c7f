import assert from 'node:assert/strict';
import { latentMixing } from '../../../../src/engine/diagnostics/mixing/latentMix';

describe('mixing: the features mixed into each latent', () => {
  it('names the tracked feature, lists the others above the threshold by |cos|, and measures how much', () => {
    // Latent 0 = 0.8 f0 + 0.36 f1 − 0.48 f2 (unit); latent 1 = f1 exactly; latent 2 is half outside span(F).
    const C = Float32Array.of(0.8, 0.36, -0.48, 0, 1, 0, 0.5, 0.5, 0.02);
    const [a, b, c] = latentMixing({ data: C, latents: 3, features: 3 }, 0.05);
    assert.equal(a.feature, 0);
    assert.deepEqual(a.mixed.map((m) => m.feature), [2, 1]);
    assert.ok(Math.abs(a.mixed[0].cosine + 0.48) < 1e-6);
    assert.ok(Math.abs(a.mixedNorm - 0.6) < 1e-6);
    assert.ok(a.outsideNorm < 1e-3);
    assert.deepEqual(b.mixed, []);
    assert.equal(b.mixedNorm, 0);
    // A tie in |cos| goes to the first feature; the 0.02 share is under the threshold.
    assert.equal(c.feature, 0);
    assert.deepEqual(c.mixed.map((m) => m.feature), [1]);
    assert.ok(Math.abs(c.outsideNorm - Math.sqrt(1 - 0.5 - 0.0004)) < 1e-6);
  });
});
