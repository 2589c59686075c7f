import assert from 'node:assert/strict';
import { encoderDecoderAsymmetry } from '../../../../src/engine/diagnostics/mixing/asymmetry';

/** A constructed absorbing SAE over orthonormal parent p = e0, child c = e1, other o = e2 in 4-d. */
function absorbingSae() {
  const dIn = 4, dSae = 3;
  const p = [1, 0, 0, 0], c = [0, 1, 0, 0], o = [0, 0, 1, 0];
  // Parent latent: decoder p, encoder p − 0.5c (it stays off when the child fires).
  // Child latent: decoder (c + p)/√2 (it reconstructs the absorbed parent), encoder c.
  // Other latent: tied, decoder = encoder = o.
  const decoders = [p, c.map((v, k) => (v + p[k]) / Math.SQRT2), o];
  const encoders = [p.map((v, k) => v - 0.5 * c[k]), c, o];
  const W_dec = Float32Array.from(decoders.flat());
  const W_enc = new Float32Array(dIn * dSae);
  encoders.forEach((e, i) => e.forEach((v, k) => (W_enc[k * dSae + i] = v)));
  return { W_enc, W_dec, dIn, dSae };
}

describe('mixing: encoder/decoder asymmetry (absorption signature)', () => {
  it('an absorbing pair reads each other negatively; a tied latent is symmetric', async () => {
    const { W_enc, W_dec, dIn, dSae } = absorbingSae();
    const [parent, child, other] = await encoderDecoderAsymmetry(W_enc, W_dec, dIn, dSae);
    // Parent: ê = (p − 0.5c)/√1.25, a = 1/√1.25, r = −0.5c/√1.25, ⟨r, (c+p)/√2⟩ = −0.5/(√1.25·√2).
    assert.ok(Math.abs(parent.encDecCosine - 1 / Math.sqrt(1.25)) < 1e-6);
    assert.ok(Math.abs(parent.offAxis - 0.5 / Math.sqrt(1.25)) < 1e-6);
    assert.equal(parent.minPartner, 1);
    assert.ok(Math.abs(parent.minComponent + 0.5 / Math.sqrt(2.5)) < 1e-6);
    // Child: a = 1/√2, r = (c − p)/2, ⟨r, p⟩ = −0.5.
    assert.ok(Math.abs(child.encDecCosine - Math.SQRT1_2) < 1e-6);
    assert.equal(child.minPartner, 0);
    assert.ok(Math.abs(child.minComponent + 0.5) < 1e-6);
    assert.ok(Math.abs(other.encDecCosine - 1) < 1e-6);
    assert.equal(other.offAxis, 0);
    assert.ok(Math.abs(other.minComponent) < 1e-6);
  });

  it('partners are limited to included latents', async () => {
    const { W_enc, W_dec, dIn, dSae } = absorbingSae();
    const [parent] = await encoderDecoderAsymmetry(W_enc, W_dec, dIn, dSae, Uint8Array.of(1, 0, 1));
    assert.equal(parent.minPartner, 2);
    assert.ok(Math.abs(parent.minComponent) < 1e-6);
  });

  it('hedging moves encoder and decoder together: no asymmetry', async () => {
    // One latent, encoder = decoder = 0.97p + 0.24c (unnormalised): a = 1.
    const v = [0.97, 0.24, 0, 0];
    const [latent] = await encoderDecoderAsymmetry(Float32Array.from(v), Float32Array.from(v), 4, 1);
    assert.ok(Math.abs(latent.encDecCosine - 1) < 1e-6);
    assert.ok(Number.isNaN(latent.minComponent) && latent.minPartner === -1);
  });
});
