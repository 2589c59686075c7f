import assert from 'node:assert/strict';
import { closeMatches } from '../../../src/engine/onnx';
import { editDistance } from '../../../src/engine/onnx/closeMatches';

const HOOKS = ['hook_embed', 'hook_pos_embed', 'blocks.0.hook_resid_pre', 'blocks.0.hook_resid_mid', 'blocks.0.hook_resid_post', 'blocks.0.mlp.hook_post', 'ln_final.hook_normalized'];

describe('onnx: close matches for a mistyped hook name', () => {
  it('edit distance counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('a typo finds its hook first', () => {
    assert.equal(closeMatches('blocks.0.hook_resid_pst', HOOKS)[0], 'blocks.0.hook_resid_post');
    assert.equal(closeMatches('BLOCKS.0.HOOK_RESID_MID', HOOKS)[0], 'blocks.0.hook_resid_mid');
  });

  it('a fragment lists the names that contain it, at most five', () => {
    const found = closeMatches('resid', HOOKS);
    assert.deepEqual(found, ['blocks.0.hook_resid_mid', 'blocks.0.hook_resid_pre', 'blocks.0.hook_resid_post']);
    assert.equal(closeMatches('hook', HOOKS).length, 5);
  });

  it('nothing close gives nothing', () => {
    assert.deepEqual(closeMatches('attention_pattern_of_head_seven', HOOKS), []);
  });
});
