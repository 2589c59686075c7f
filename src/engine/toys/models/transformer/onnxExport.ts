import type { onnx } from 'onnx-proto';
import { toModelProto } from '../../../graph/onnx';
import { saveOnnxModel } from '../../../io/onnxModel';
import type { NamedTensor } from '../types';
import type { TransformerConfig } from './config';
import { transformerGraph } from './graph';

/** Metadata key under which an exported model carries its TransformerConfig as JSON. */
export const TRANSFORMER_CONFIG_KEY = 'saescope.transformer_config';

export interface TransformerExportOptions {
  /** Static batch size of the `tokens` input (graphs here have static shapes). */
  batch: number;
  /** Static sequence length, at most the context; default the context. */
  seq?: number;
}

/**
 * A plain ONNX inference model of a trained transformer: input `tokens` int64 [batch, seq]; outputs `logits`
 * [batch, seq, vocab] and every activation under its TransformerLens hook name (hook_embed, hook_pos_embed,
 * blocks.L.hook_resid_pre, blocks.L.ln1.hook_normalized, blocks.L.hook_attn_out, blocks.L.hook_resid_mid,
 * blocks.L.ln2.hook_normalized, blocks.L.mlp.hook_pre, blocks.L.mlp.hook_post, blocks.L.hook_mlp_out,
 * blocks.L.hook_resid_post, ln_final.hook_normalized). Weights are initializers named as TransformerLens names
 * the parameters (embed.W_E, blocks.0.attn.W_Q, …).
 */
export function transformerOnnxModel(c: TransformerConfig, params: Record<string, NamedTensor>, o: TransformerExportOptions): onnx.ModelProto {
  const weights = Object.fromEntries(Object.entries(params).map(([name, t]) => [name, t.data]));
  const { graph, weights: tensors } = transformerGraph(c, { batch: o.batch, seq: o.seq ?? c.context, weights });
  const model = toModelProto(graph);
  const rename = new Map(Object.entries(tensors).map(([name, t]) => [t.name, name]));
  const renamed = (name: string | null | undefined) => (name && rename.get(name)) || name;
  for (const init of model.graph?.initializer ?? []) init.name = renamed(init.name);
  for (const node of model.graph?.node ?? []) node.input = (node.input ?? []).map((i) => renamed(i) ?? i);
  model.metadataProps = [{ key: TRANSFORMER_CONFIG_KEY, value: JSON.stringify(c) }];
  return model;
}

/** Writes `transformerOnnxModel` to `file` (atomically). */
export async function exportTransformerOnnx(file: string, c: TransformerConfig, params: Record<string, NamedTensor>,
  o: TransformerExportOptions): Promise<void> {
  await saveOnnxModel(file, transformerOnnxModel(c, params, o));
}
