import { Tensor } from '../../graph/graph';
import { reduceMean } from '../../graph/ops/reduce';
import { grokkingLogits, perSampleCrossEntropy } from './grokkingMlp';

/**
 * The grokking MLP's mean cross-entropy and per-example losses on any batch of examples given as int64 columns
 * `a`, `b`, `labels` [B], at weights named as `grokkingMlpShapes` names them: the loss samplers (SGLD for the
 * LLC, influence) take, with parameters and batch from their own graphs.
 */
export function grokkingBatchLoss(params: Readonly<Record<string, Tensor>>, batch: Readonly<Record<string, Tensor>>): { loss: Tensor; perSample: Tensor } {
  const perSample = perSampleCrossEntropy(grokkingLogits(params, batch.a, batch.b), batch.labels);
  return { loss: reduceMean(perSample), perSample };
}
