import assert from 'node:assert/strict';
import { runMixing } from '../../../../src/engine/diagnostics/mixing/job';
import type { SaeBundle } from '../../../../src/engine/sae/bundle';
import { openSource } from '../../../../src/engine/sources';

/** A ReLU SAE (SAELens layout) whose latent i has decoder = encoder = the unit vector of rows[i]. */
function tiedSae(rows: Float64Array[], d: number, bEnc: number[]): SaeBundle {
  const h = rows.length;
  const W_dec = new Float32Array(h * d);
  rows.forEach((r, i) => {
    const n = Math.hypot(...r);
    r.forEach((v, k) => (W_dec[i * d + k] = v / n));
  });
  const W_enc = new Float32Array(d * h);
  for (let i = 0; i < h; i++) for (let k = 0; k < d; k++) W_enc[k * h + i] = W_dec[i * d + k];
  return {
    cfg: { architecture: 'standard', d_in: d, d_sae: h, dtype: 'float32', apply_b_dec_to_input: true, normalize_activations: 'none', metadata: {}, extra: {} },
    W_enc, b_enc: Float32Array.from(bEnc), W_dec, b_dec: new Float32Array(d), extras: {}, source: { format: 'test', path: 'test' },
  };
}

describe('mixing: the job on an SAE and data', () => {
  it('a ground-truth SAE: identity cosines in paper order, nothing mixed, orthogonal pairs, tied latents', async () => {
    const { source, truth } = await openSource('toy:small', { seed: 1, loop: true });
    try {
      const { d, features: F } = truth!;
      const rows = [4, 2, 0, 1, 3].map((f) => Float64Array.from(F.subarray(f * d, (f + 1) * d)));
      // A small negative bias, so rounding noise (f_i·x ≈ ±1e-8 when f_i is off) does not count as firing.
      const r = await runMixing(tiedSae(rows, d, [-0.01, -0.01, -0.01, -0.01, -0.01]), source, { truth: { features: F, count: 5 }, rows: 2048 });
      const gt = r.groundTruth!;
      assert.deepEqual(gt.order, [2, 3, 1, 4, 0]);
      gt.decoder.cosines.forEach((row, i) => row.forEach((c, j) => assert.ok(Math.abs(c - (i === j ? 1 : 0)) < 1e-5)));
      assert.ok(gt.decoder.latents.every((m) => m.mixed.length === 0 && m.mixedNorm < 1e-3));
      assert.deepEqual(gt.encoder.latents.map((m) => m.feature), [0, 1, 2, 3, 4]);
      assert.equal(r.alive, 5);
      assert.ok(r.density.every((p) => Math.abs(p - 0.4) < 0.05), `densities ${r.density}`);
      assert.equal(r.pairwise.histogram.pairs, 10);
      assert.ok(r.pairwise.histogram.meanAbs < 1e-5);
      assert.ok(Math.abs(r.asymmetry.meanEncDecCosine - 1) < 1e-6);
    } finally {
      await source.close();
    }
  });

  it('latents 1–4 mixing in f₀ (Sparse but Wrong A.6): named per latent, pairs at γ², and a dead latent left out', async () => {
    const { source, truth } = await openSource('toy:small', { seed: 1, loop: true });
    try {
      const { d, features: F } = truth!;
      const f = (j: number) => Float64Array.from(F.subarray(j * d, (j + 1) * d));
      const mixed = [1, 2, 3, 4].map((j) => f(j).map((v, k) => v + 0.3 * F[k]));
      // A sixth latent off the features' span with a negative bias never fires.
      const off = Float64Array.from({ length: d }, (_, k) => Math.sin(k + 2));
      for (let j = 0; j < 5; j++) {
        const c = off.reduce((s, v, k) => s + v * F[j * d + k], 0);
        for (let k = 0; k < d; k++) off[k] -= c * F[j * d + k];
      }
      const r = await runMixing(tiedSae([f(0), ...mixed, off], d, [0, 0, 0, 0, 0, -0.5]), source, { truth: { features: F, count: 5 }, rows: 2048, top: 3 });
      const gamma = 0.3 / Math.hypot(1, 0.3);
      const latents = r.groundTruth!.decoder.latents;
      for (const m of latents.filter((l) => l.latent >= 1 && l.latent <= 4)) {
        assert.equal(m.feature, m.latent);
        assert.deepEqual(m.mixed.map((x) => x.feature), [0]);
        assert.ok(Math.abs(m.mixed[0].cosine - gamma) < 1e-5 && Math.abs(m.mixedNorm - gamma) < 1e-5);
      }
      assert.equal(r.alive, 5);
      assert.equal(r.density[5], 0);
      assert.equal(r.pairwise.histogram.pairs, 10);
      // Latent 0 (= f₀) against a mixed latent: γ; two mixed latents: γ².
      assert.equal(r.pairwise.top.length, 3);
      for (const p of r.pairwise.top) assert.ok(p.i === 0 && p.j >= 1 && p.j <= 4 && Math.abs(p.cosine - gamma) < 1e-5, JSON.stringify(p));
      assert.ok(Math.abs(r.pairwise.histogram.meanAbs - (4 * gamma + 6 * gamma ** 2) / 10) < 1e-5);
      assert.ok(r.asymmetry.latents.every((a) => a.minPartner !== 5), 'the dead latent is nobody\'s partner');
    } finally {
      await source.close();
    }
  });
});
