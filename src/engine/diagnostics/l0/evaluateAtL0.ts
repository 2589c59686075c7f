import { Graph, Tensor } from '../../graph/graph';
import { cast, greaterOrEqual, mul, reshape } from '../../graph/ops';
import { Evaluator } from '../../graph/runner';
import { jumpReluEncode } from '../../sae/arch/jumprelu';
import { standardEncode } from '../../sae/arch/standard';
import { topkEncode } from '../../sae/arch/topk';
import { EncodeContext } from '../../sae/arch/types';
import { SaeBundle } from '../../sae/bundle';
import { MetricsAccumulator, ReconstructionStats } from '../../sae/metrics';
import { decode, declareSaeTensors, preActivations } from '../../sae/params';
import { batchTopKCut, keepCount } from './batchCut';

/**
 * Every reconstruction metric of an SAE over the rows X [rows, d_in] in batches of `batch`, with the activation it
 * was trained with: BatchTopK keeps ⌊k·B⌋ activations of each batch (the running threshold is not used), TopK the
 * k largest per row, JumpReLU its thresholds, ReLU everything positive. So a BatchTopK or TopK SAE is compared at
 * exactly its L0 = k, as the ground-truth SAE is. Rows past the last whole batch are not used.
 */
export async function evaluateAtL0(sae: SaeBundle, X: Float32Array, rows: number, batch: number, signal?: AbortSignal): Promise<ReconstructionStats> {
  const { d_in: dIn, d_sae: dSae } = sae.cfg;
  const { graph, weights } = evaluationGraph(sae, batch);
  const session = await Evaluator.create(graph);
  const accumulator = new MetricsAccumulator(dIn, dSae);
  // Each batch's cut seeds the search for the next one's (see batchTopKCut): any value is exact, a close one is fast.
  const hinted = graph.inputs.some((i) => i.tensor.name === 'cut_hint');
  let hint = new Float32Array(1);
  try {
    for (let start = 0; start + batch <= rows; start += batch) {
      if (signal?.aborted) throw new Error('cancelled');
      const x = X.subarray(start * dIn, (start + batch) * dIn);
      const out = await session.run({ ...weights, x, ...(hinted ? { cut_hint: hint } : {}) });
      accumulator.addBatch(x, out.x_hat as Float32Array, out.acts as Float32Array);
      if (hinted) hint = Float32Array.from(out.cut as Float32Array);
    }
  } finally {
    await session.release();
  }
  return accumulator.stats();
}

function evaluationGraph(sae: SaeBundle, batch: number): { graph: Graph; weights: Record<string, Float32Array> } {
  const { cfg } = sae;
  const g = new Graph(`sae_${cfg.architecture}_at_l0`);
  const x = g.input('x', 'float32', [batch, cfg.d_in]);
  const params = declareSaeTensors(g, cfg.d_in, cfg.d_sae, false);
  const weights: Record<string, Float32Array> = { W_enc: sae.W_enc, b_enc: sae.b_enc, W_dec: sae.W_dec, b_dec: sae.b_dec };
  const extras: Record<string, Tensor> = {};
  if (cfg.architecture === 'jumprelu') {
    extras.threshold = g.input('threshold', 'float32', [cfg.d_sae]);
    weights.threshold = sae.extras.threshold.data;
  }
  const ctx: EncodeContext = { x, params, extras, applyBDecToInput: cfg.apply_b_dec_to_input };
  const acts = activations(sae, ctx, batch);
  g.output('acts', acts);
  g.output('x_hat', decode(acts, params));
  return { graph: g, weights };
}

function activations(sae: SaeBundle, ctx: EncodeContext, batch: number): Tensor {
  const { cfg } = sae;
  switch (cfg.architecture) {
    case 'batchtopk':
    case 'matryoshka_batchtopk': {
      const pre = preActivations(ctx.x, ctx.params, ctx.applyBDecToInput);
      const g = pre.graph;
      const cut = batchTopKCut(reshape(pre, [1, batch, cfg.d_sae]), [keepCount(requireK(sae), batch, cfg.d_sae)], g.input('cut_hint', 'float32', [1]));
      g.output('cut', cut);
      return mul(pre, cast(greaterOrEqual(pre, reshape(cut, [1, 1])), 'float32'));
    }
    case 'topk':
      return topkEncode(ctx, requireK(sae), cfg.rescale_acts_by_decoder_norm ?? false);
    case 'jumprelu':
      return jumpReluEncode(ctx);
    case 'standard':
      return standardEncode(ctx);
    case 'gated':
      throw new Error(`${sae.source.path || 'this SAE'}: gated SAEs are not evaluated at a fixed L0`);
  }
}

function requireK(sae: SaeBundle): number {
  const k = sae.cfg.k;
  if (!k || k <= 0) throw new Error(`${sae.source.path || 'this SAE'}: a ${sae.cfg.architecture} SAE needs k in its config`);
  return k;
}
