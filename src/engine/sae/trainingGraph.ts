import { grad } from '../graph/autodiff';
import { Graph, Tensor } from '../graph/graph';
import { add, cast, div, greater, mul, reduceMean, reduceSum, sign, sub, where } from '../graph/ops';
import { adam } from '../graph/optim';
import { batchTopKTraining } from './arch/batchtopk';
import { declareLogThreshold, jumpReluTraining } from './arch/jumprelu';
import { matryoshkaTraining } from './arch/matryoshka';
import { standardTraining } from './arch/standard';
import { topkTraining } from './arch/topk';
import { DecodePath, topkSparsePays, topkSparseTraining } from './arch/topkSparse';
import { SparseTrainingForward, TrainingContext, TrainingForward } from './arch/types';
import { declareSaeTensors } from './params';
import { SaeTrainingSpec } from './trainingSpec';

/** Architectures with an AuxK loss: exactly zero while no latent is dead, so a variant without it can run then. */
export const hasAuxLoss = (spec: SaeTrainingSpec): boolean =>
  spec.auxCoefficient > 0 && (spec.architecture === 'topk' || spec.architecture === 'batchtopk' || spec.architecture === 'matryoshka');

/** Metric outputs of every training step, besides the loss parts. */
export const STEP_METRICS = ['loss', 'l0', 'explained_variance', 'dead_fraction', 'grad_norm', 'fired_count'] as const;

/**
 * One SAE training step as a graph: forward, loss, backward and Adam, plus the dead-latent counters
 * (steps since each latent last fired, carried from step to step) and per-step metrics.
 * Inputs fed per step: x [B, d_in], lr, sparsity_coefficient. `decodePath` picks TopK's sparse or dense
 * formulation (same maths); 'auto' takes the sparse one where `topkSparsePays`.
 */
export function buildSaeTrainingGraph(spec: SaeTrainingSpec, withAuxLoss = true, decodePath: DecodePath = 'auto'): { graph: Graph; partNames: string[] } {
  const g = new Graph(`sae_${spec.architecture}_train`);
  const x = g.input('x', 'float32', [spec.batch, spec.dIn]);
  const lr = g.input('lr', 'float32', []);
  const sparsityCoefficient = g.input('sparsity_coefficient', 'float32', []);
  const params = declareSaeTensors(g, spec.dIn, spec.dSae, true);
  const sinceFired = g.input('steps_since_fired', 'float32', [spec.dSae]);
  const deadMask = cast(greater(sinceFired, spec.deadWindow), 'float32');
  const ctx: TrainingContext = { x, params, sparsityCoefficient, deadMask, applyBDecToInput: spec.applyBDecToInput };

  const trainable = [params.W_enc, params.b_enc, params.W_dec, params.b_dec];
  const forward = architectureForward(withAuxLoss ? spec : { ...spec, auxCoefficient: 0 }, ctx, g, trainable, decodePath);
  const { gradNorm } = adam(trainable, grad(forward.loss, trainable), {
    lr,
    ...spec.adam,
    clipNorm: spec.clipNorm > 0 ? spec.clipNorm : undefined,
    unitNormRows: spec.unitNormDecoder ? [params.W_dec] : [],
  });
  for (const c of forward.carries ?? []) g.carry(c.state, c.next);

  // Activations are ≥ 0, so Sign gives the firing indicator without a slow bool → float cast.
  const firedCount = 'firedCount' in forward ? forward.firedCount : reduceSum(sign(forward.acts), [0]);
  g.carry(sinceFired, where(greater(firedCount, 0), 0, add(sinceFired, 1)));
  g.output('loss', forward.loss);
  g.output('l0', mul(reduceSum(firedCount), 1 / spec.batch));
  g.output('explained_variance', explainedVariance(x, forward.xHat));
  g.output('dead_fraction', reduceMean(deadMask));
  g.output('grad_norm', gradNorm);
  g.output('fired_count', firedCount);
  const partNames = Object.keys(forward.parts);
  for (const [name, t] of Object.entries(forward.parts)) g.output(name, t);
  return { graph: g, partNames };
}

function architectureForward(spec: SaeTrainingSpec, ctx: TrainingContext, g: Graph, trainable: Tensor[],
  decodePath: DecodePath): TrainingForward | SparseTrainingForward {
  switch (spec.architecture) {
    case 'standard':
      return standardTraining(ctx);
    case 'topk': {
      const o = { k: spec.k, auxCoefficient: spec.auxCoefficient, rescaleActsByDecoderNorm: spec.rescaleActsByDecoderNorm };
      const sparse = decodePath === 'sparse' || (decodePath === 'auto' && topkSparsePays(spec));
      return sparse ? topkSparseTraining(ctx, o) : topkTraining(ctx, o);
    }
    case 'batchtopk':
      return batchTopKTraining(ctx, { k: spec.k, auxCoefficient: spec.auxCoefficient, thresholdLr: spec.thresholdLr });
    case 'matryoshka':
      return matryoshkaTraining(ctx, {
        k: spec.k,
        auxCoefficient: spec.auxCoefficient,
        thresholdLr: spec.thresholdLr,
        widths: spec.matryoshkaWidths.length ? spec.matryoshkaWidths : [spec.dSae],
        gamma: spec.gamma,
      });
    case 'jumprelu': {
      const logThreshold = declareLogThreshold(g, spec.dSae);
      trainable.push(logThreshold);
      return jumpReluTraining(ctx, logThreshold, spec.jumprelu);
    }
  }
}

/** Centred explained variance of the batch: 1 − Σ‖x − x̂‖² / Σ‖x − mean_b x‖². */
function explainedVariance(x: Tensor, xHat: Tensor): Tensor {
  const err = sub(x, xHat);
  const centred = sub(x, reduceMean(x, [0], true));
  return sub(1, div(reduceSum(mul(err, err)), reduceSum(mul(centred, centred))));
}
