import type { Rng } from '../../../util/random';

/** A decoder-only transformer in TransformerLens's pre-LayerNorm layout (attention without biases). */
export interface TransformerConfig {
  vocab: number;
  /** Longest sequence: rows of the position embedding. */
  context: number;
  dModel: number;
  heads: number;
  dMlp: number;
  layers: number;
}

/** LayerNorm ε of every norm (TransformerLens's default). */
export const LAYER_NORM_EPS = 1e-5;

/**
 * Parameter names (TransformerLens's) and shapes, in a fixed order. Attention matrices are [d_model, d_model]
 * with the heads side by side (TransformerLens stores W_Q as [heads, d_model, d_head]; head h is columns
 * h·d_head … (h+1)·d_head here); W_O is [d_model (heads × d_head), d_model].
 */
export function transformerParamShapes(c: TransformerConfig): Record<string, number[]> {
  const { vocab, context, dModel: d, dMlp, layers } = c;
  const shapes: Record<string, number[]> = { 'embed.W_E': [vocab, d], 'pos_embed.W_pos': [context, d] };
  for (let l = 0; l < layers; l++) {
    const b = `blocks.${l}`;
    Object.assign(shapes, {
      [`${b}.ln1.w`]: [d],
      [`${b}.ln1.b`]: [d],
      [`${b}.attn.W_Q`]: [d, d],
      [`${b}.attn.W_K`]: [d, d],
      [`${b}.attn.W_V`]: [d, d],
      [`${b}.attn.W_O`]: [d, d],
      [`${b}.ln2.w`]: [d],
      [`${b}.ln2.b`]: [d],
      [`${b}.mlp.W_in`]: [d, dMlp],
      [`${b}.mlp.b_in`]: [dMlp],
      [`${b}.mlp.W_out`]: [dMlp, d],
      [`${b}.mlp.b_out`]: [d],
    });
  }
  Object.assign(shapes, { 'ln_final.w': [d], 'ln_final.b': [d], 'unembed.W_U': [d, vocab], 'unembed.b_U': [vocab] });
  return shapes;
}

/**
 * Initial weights as TransformerLens initialises them by default: matrices N(0, (0.8/√d_model)²), LayerNorm
 * scales 1, biases 0.
 */
export function initTransformerParams(c: TransformerConfig, rng: Rng): Record<string, Float32Array> {
  const std = 0.8 / Math.sqrt(c.dModel);
  return Object.fromEntries(
    Object.entries(transformerParamShapes(c)).map(([name, shape]) => {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      if (shape.length === 2) rng.fillNormal(values, std);
      else if (/\.w$/.test(name)) values.fill(1);
      return [name, values];
    }),
  );
}

export function checkTransformerConfig(c: TransformerConfig): void {
  for (const [key, value] of Object.entries(c)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`transformer ${key} must be a positive integer, got ${value}`);
  }
  if (c.dModel % c.heads !== 0) throw new RangeError(`d_model ${c.dModel} is not divisible by ${c.heads} heads`);
}
