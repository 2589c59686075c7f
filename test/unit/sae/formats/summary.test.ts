import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSae, summarizeSae } from '../../../../src/engine/sae/formats';
import { randomBundle, SAE_FIXTURES } from './helpers';

describe('sae/formats summarizeSae', () => {
  it('describes a loaded SAE as JSON for `saescope inspect`', async () => {
    const summary = summarizeSae(await loadSae(join(SAE_FIXTURES, 'saelens', 'standard')));
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), {
      format: 'saelens',
      architecture: 'standard',
      d_in: 6,
      d_sae: 10,
      dtype: 'float32',
      apply_b_dec_to_input: true,
      normalize_activations: 'none',
      hook_name: 'blocks.0.hook_resid_post',
      model_name: 'tiny-stories-1M',
      tensors: [
        { name: 'W_enc', shape: [6, 10] },
        { name: 'b_enc', shape: [10] },
        { name: 'W_dec', shape: [10, 6] },
        { name: 'b_dec', shape: [6] },
        { name: 'sparsity', shape: [10] },
      ],
    });
  });

  it('gives k for the topk family and lists the tensors each architecture saves', () => {
    const topk = summarizeSae(randomBundle('topk'));
    assert.equal(topk.k, 2);
    const gated = summarizeSae(randomBundle('gated'));
    assert.equal('k' in gated, false);
    assert.deepEqual(gated.tensors.map((t) => t.name), ['W_enc', 'b_gate', 'r_mag', 'b_mag', 'W_dec', 'b_dec']);
    assert.deepEqual(summarizeSae(randomBundle('batchtopk')).tensors.find((t) => t.name === 'topk_threshold'), { name: 'topk_threshold', shape: [] });
  });
});
