import { Tensor } from '../../../graph/graph';
import { add, causalSelfAttention, expand, gather, gelu, gemm, layerNorm, mul, reshape, slice } from '../../../graph/ops';
import { LAYER_NORM_EPS, type TransformerConfig } from './config';

/** The forward pass: logits and every activation under its TransformerLens hook name, in computation order. */
export interface TransformerForward {
  logits: Tensor;
  hooks: Map<string, Tensor>;
}

/**
 * Logits [batch, seq, vocab] of int64 tokens [batch, seq] (seq ≤ context). `weights` maps each name of
 * `transformerParamShapes` to a tensor of the same graph: parameters when training, constants when exporting.
 */
export function transformerForward(tokens: Tensor, weights: Record<string, Tensor>, c: TransformerConfig): TransformerForward {
  const [batch, seq] = tokens.shape;
  const w = (name: string) => {
    const t = weights[name];
    if (!t) throw new RangeError(`transformer weight '${name}' is missing`);
    return t;
  };
  const hooks = new Map<string, Tensor>();
  const hook = (name: string, t: Tensor) => (hooks.set(name, t), t);
  const embed = hook('hook_embed', gather(w('embed.W_E'), tokens));
  const posEmbed = hook('hook_pos_embed', expand(slice(w('pos_embed.W_pos'), [0], [seq], [0]), [batch, seq, c.dModel]));
  let resid = add(embed, posEmbed);
  for (let l = 0; l < c.layers; l++) {
    const b = `blocks.${l}`;
    hook(`${b}.hook_resid_pre`, resid);
    const attnIn = affineLayerNorm(resid, w(`${b}.ln1.w`), w(`${b}.ln1.b`), (t) => hook(`${b}.ln1.hook_normalized`, t));
    const attnOut = hook(`${b}.hook_attn_out`, causalSelfAttention(attnIn, {
      wq: w(`${b}.attn.W_Q`), wk: w(`${b}.attn.W_K`), wv: w(`${b}.attn.W_V`), wo: w(`${b}.attn.W_O`),
    }, c.heads));
    resid = hook(`${b}.hook_resid_mid`, add(resid, attnOut));
    const mlpIn = affineLayerNorm(resid, w(`${b}.ln2.w`), w(`${b}.ln2.b`), (t) => hook(`${b}.ln2.hook_normalized`, t));
    const pre = hook(`${b}.mlp.hook_pre`, linear(mlpIn, w(`${b}.mlp.W_in`), w(`${b}.mlp.b_in`)));
    const post = hook(`${b}.mlp.hook_post`, gelu(pre, 'tanh'));
    const mlpOut = hook(`${b}.hook_mlp_out`, linear(post, w(`${b}.mlp.W_out`), w(`${b}.mlp.b_out`)));
    resid = hook(`${b}.hook_resid_post`, add(resid, mlpOut));
  }
  const final = affineLayerNorm(resid, w('ln_final.w'), w('ln_final.b'), (t) => hook('ln_final.hook_normalized', t));
  return { logits: linear(final, w('unembed.W_U'), w('unembed.b_U')), hooks };
}

/**
 * LayerNorm split as TransformerLens splits it: `hook_normalized` is (x − mean)/σ before the scale and bias,
 * so the normalisation runs with unit scale and zero bias and the affine part follows.
 */
function affineLayerNorm(x: Tensor, scale: Tensor, bias: Tensor, onNormalized: (t: Tensor) => Tensor): Tensor {
  const g = x.graph;
  const d = x.shape[x.rank - 1];
  const normalized = layerNorm(x, g.constant(new Float32Array(d).fill(1), [d]), g.constant(new Float32Array(d), [d]), LAYER_NORM_EPS);
  return add(mul(onNormalized(normalized), scale), bias);
}

/** x [..., k] · W [k, n] + b as one Gemm over the flattened leading axes. */
function linear(x: Tensor, weight: Tensor, bias: Tensor): Tensor {
  const lead = x.shape.slice(0, -1);
  const [k, n] = weight.shape;
  const flat = reshape(x, [lead.reduce((a, b) => a * b, 1), k]);
  return reshape(add(gemm(flat, weight), bias), [...lead, n]);
}
