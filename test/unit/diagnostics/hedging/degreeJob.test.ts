import assert from 'node:assert/strict';
import { runHedgingDegree } from '../../../../src/engine/diagnostics/hedging/degreeJob';
import type { SaeBundle } from '../../../../src/engine/sae/bundle';
import { openSource } from '../../../../src/engine/sources';

/** An SAE whose latents are given features of a toy world, in SAELens layout. */
function featureSae(F: Float32Array, d: number, features: number[], architecture: SaeBundle['cfg']['architecture'], extras: SaeBundle['extras'] = {}): SaeBundle {
  const h = features.length;
  const W_dec = new Float32Array(h * d);
  features.forEach((f, i) => W_dec.set(F.subarray(f * d, (f + 1) * d), i * d));
  const W_enc = new Float32Array(d * h);
  for (let i = 0; i < h; i++) for (let k = 0; k < d; k++) W_enc[k * h + i] = W_dec[i * d + k];
  return {
    cfg: { architecture, d_in: d, d_sae: h, dtype: 'float32', apply_b_dec_to_input: true, normalize_activations: 'none', metadata: {}, extra: {} },
    W_enc, b_enc: new Float32Array(h), W_dec, b_dec: new Float32Array(d), extras, source: { format: 'test', path: 'test' },
  };
}

describe('hedging degree of an SAE on data', () => {
  it('a one-latent ReLU SAE on the parent of the tree toy hedges its children: adding latents pulls them out', async () => {
    const { source, truth } = await openSource('toy:tree', { seed: 0, loop: true });
    try {
      const sae = featureSae(truth!.features, truth!.d, [0], 'standard');
      const r = await runHedgingDegree(sae, source, { newLatents: 3, steps: 1000, batch: 128, lr: 2e-3, l1: 3e-2 });
      assert.equal(r.architecture, 'standard');
      assert.equal(r.l1, 3e-2);
      assert.equal(r.width, 1);
      assert.equal(r.rank, 3);
      assert.ok(r.newLatentsFiring >= 1);
      assert.ok(r.portion > r.baseline + 3 * r.baselineStd, `p ${r.portion}, b ${r.baseline} ± ${r.baselineStd}`);
      assert.ok(r.degree > 0.05, `h ${r.degree}`);
    } finally {
      await source.close();
    }
  });

  it('a JumpReLU SAE continues as BatchTopK with k = its L0 on the data', async () => {
    const { source, truth } = await openSource('toy:small', { seed: 0, loop: true });
    try {
      const sae = featureSae(truth!.features, truth!.d, [0, 1, 2, 3, 4], 'jumprelu', { threshold: { shape: [5], data: new Float32Array(5).fill(0.5) } });
      const r = await runHedgingDegree(sae, source, { newLatents: 2, steps: 20, batch: 64, rows: 4096 });
      assert.equal(r.architecture, 'batchtopk');
      assert.ok(Math.abs(r.k! - 2) < 0.1, `k ${r.k} (true L0 2)`);
      assert.equal(r.newLatents, 2);
      assert.equal(r.steps, 20);
      assert.ok(r.degree >= 0 && r.degree <= 1);
    } finally {
      await source.close();
    }
  });

  it('refuses an SAE that normalises each row, and data of the wrong width', async () => {
    const { source, truth } = await openSource('toy:small', { seed: 0, loop: true });
    try {
      const sae = featureSae(truth!.features, truth!.d, [0], 'standard');
      await assert.rejects(runHedgingDegree({ ...sae, cfg: { ...sae.cfg, normalize_activations: 'layer_norm' } }, source), /layer_norm SAE/);
      await assert.rejects(runHedgingDegree({ ...sae, cfg: { ...sae.cfg, d_in: 7 } }, source), /expects d_in 7/);
    } finally {
      await source.close();
    }
  });
});
