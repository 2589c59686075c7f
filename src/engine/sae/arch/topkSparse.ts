import { add, affine, div, gather, gatherAffine, mul, relu, scatterAddRows, sign, sparseReconstructionError, topk, zeros } from '../../graph/ops';
import { decoderNorms } from '../params';
import { auxKLoss, auxKLossSparse } from './auxk';
import { TopKOptions } from './topk';
import { SparseTrainingForward, TrainingContext } from './types';

/** How a TopK training graph decodes: through the k active latents ('sparse'), densely, or by `topkSparsePays`. */
export type DecodePath = 'auto' | 'sparse' | 'dense';

/**
 * Where the sparse formulation is faster: k·40 ≤ d_sae. It saves four of the step's five dense products
 * (2·B·d_in·d_sae FLOPs each) and the dense [B, d_sae] elementwise work for Gather/ScatterND/batched products
 * over B·k·d_in elements, which cost far more per element. Measured with ORT's profiler on 2 cores (kernel ms,
 * dense → sparse): k/d_sae = 1/256 at d_in 768, d_sae 16384, B 4096: 7700 → 1400–2400; 1/128 (512, 4096, 1024):
 * 165 → 76; 1/64 (768, 16384, 1024): 1132 → 920; 1/43 (512, 4096, 2048): 468 → 244; 1/32 (512, 4096, 1024,
 * two runs): 181 → 173 and 346 → 454, (256, 8192, 1024): 403 → 489, (768, 16384, 1024): 1727 → 1196;
 * 1/16 (512, 4096, 1024): 203 → 396. Below the rule's line the sparse step was faster in every run.
 */
export function topkSparsePays(spec: { k: number; dSae: number }): boolean {
  return spec.k * 40 <= spec.dSae;
}

export interface TopKSparseOptions extends TopKOptions {
  /** AuxK through the sparse ops (its k_aux = ⌊d_in/2⌋ picks per row) or densely; by `topkSparsePays` when absent. */
  sparseAuxK?: boolean;
}

/**
 * TopK training with the activations kept as (values, indices) [B, k]: the same maths as `topkTraining`, but
 * only the encoder product stays dense. The decode gathers the k decoder rows of each row, the decoder gradient
 * is scattered into those rows, and the pre-activation gradient exists only at the selected entries, so W_enc,
 * b_enc and b_dec get it through the selected encoder columns alone (`gatherAffine`). AuxK goes the same way
 * where its k_aux picks are few enough to pay; otherwise it is the dense AuxK on the same pre-activations.
 */
export function topkSparseTraining(c: TrainingContext, o: TopKSparseOptions): SparseTrainingForward {
  const p = c.params;
  const pre = affine(c.x, p.W_enc, p.b_enc, c.applyBDecToInput ? p.b_dec : undefined);
  const norms = o.rescaleActsByDecoderNorm ? decoderNorms(p) : null;
  const { indices } = topk(norms ? mul(pre, norms) : pre, o.k);
  const picked = gatherAffine(pre, indices);
  const pickedNorms = norms && gather(norms, indices);
  const acts = relu(pickedNorms ? mul(picked, pickedNorms) : picked);
  const decodeValues = pickedNorms ? div(acts, pickedNorms) : acts;
  const { xHat, sse } = sparseReconstructionError(decodeValues, indices, p.W_dec, p.b_dec, c.x);
  // Acts are ≥ 0 and the k indices of a row distinct, so summing Sign per latent counts the rows it fired on.
  const firedCount = scatterAddRows(zeros(p.b_enc), indices, sign(acts));
  const mse = mul(sse, 1 / c.x.shape[0]);
  if (o.auxCoefficient === 0) return { loss: mse, parts: { mse }, firedCount, xHat };
  const sparseAux = o.sparseAuxK ?? topkSparsePays({ k: Math.floor(c.x.shape[1] / 2), dSae: pre.shape[1] });
  const aux = (sparseAux ? auxKLossSparse : auxKLoss)(c.x, xHat, pre, c.deadMask, p, o.auxCoefficient);
  return { loss: add(mse, aux), parts: { mse, aux }, firedCount, xHat };
}
