import assert from 'node:assert/strict';
import { extendWeights } from '../../../../src/engine/diagnostics/hedging/extend';

describe('hedging: extending an SAE with new latents', () => {
  it('keeps the original latents and b_dec, and gives each new latent a tied random direction of norm 0.1', () => {
    const dIn = 3, dSae = 2;
    const w = {
      W_enc: Float32Array.of(1, 2, 3, 4, 5, 6),
      b_enc: Float32Array.of(0.5, -0.5),
      W_dec: Float32Array.of(1, 0, 0, 0, 1, 0),
      b_dec: Float32Array.of(0.1, 0.2, 0.3),
    };
    const e = extendWeights(w, dIn, dSae, 2, 7);
    assert.deepEqual(Array.from(e.W_dec.subarray(0, 6)), [1, 0, 0, 0, 1, 0]);
    for (let k = 0; k < dIn; k++) assert.deepEqual(Array.from(e.W_enc.subarray(k * 4, k * 4 + 2)), Array.from(w.W_enc.subarray(k * 2, k * 2 + 2)));
    assert.deepEqual(Array.from(e.b_enc), [0.5, -0.5, 0, 0]);
    assert.deepEqual(e.b_dec, w.b_dec);
    for (const i of [2, 3]) {
      const row = Array.from(e.W_dec.subarray(i * dIn, (i + 1) * dIn));
      assert.ok(Math.abs(Math.hypot(...row) - 0.1) < 1e-6);
      assert.deepEqual(row, Array.from({ length: dIn }, (_, k) => e.W_enc[k * 4 + i]));
    }
    assert.notDeepEqual(Array.from(e.W_dec.subarray(6, 9)), Array.from(e.W_dec.subarray(9, 12)));
    assert.deepEqual(extendWeights(w, dIn, dSae, 2, 7), e);
  });
});
