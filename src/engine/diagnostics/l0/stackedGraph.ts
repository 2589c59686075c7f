import { grad } from '../../graph/autodiff';
import { Graph, Tensor } from '../../graph/graph';
import {
  add, cast, clip, customGradient, div, gatherElements, gemm, greater, greaterOrEqual, matmul, minimum, mul, reduceMin, reduceSum, reshape,
  scatterElements, sqrt, stopGradient, sub, topk, transpose, where, zeros,
} from '../../graph/ops';
import { adam } from '../../graph/optim';
import { SaeTrainingSpec } from '../../sae/trainingSpec';
import { batchTopKCut, keepCount } from './batchCut';

/** The tensors of S SAEs of one shape, stacked on a leading axis (biases keep a unit axis so they broadcast over rows). */
export interface StackedSaeTensors {
  W_enc: Tensor; // [S, d_in, d_sae]
  b_enc: Tensor; // [S, 1, d_sae]
  W_dec: Tensor; // [S, d_sae, d_in]
  b_dec: Tensor; // [S, 1, d_in]
}

/**
 * One training step of S independent BatchTopK SAEs that differ only in k, fed the same batch: forward, loss,
 * backward and Adam for all of them in one graph. Every SAE has its own parameters, Adam moments, gradient clip,
 * running threshold and dead-latent counters, and follows exactly the maths of `buildSaeTrainingGraph` for
 * BatchTopK (SAELens conventions); only the order of floating-point sums differs. BatchTopK's cut is found with
 * `batchTopKCut` from the previous step's, carried as `batch_cut`. Inputs fed per step: x [B, d_in], lr. Outputs per
 * step: mse [S], l0 [S], and aux [S] in the graph with the AuxK loss.
 */
export function buildStackedBatchTopKGraph(spec: SaeTrainingSpec, ks: readonly number[], withAuxLoss: boolean): Graph {
  const models = ks.length;
  const { dIn, dSae, batch } = spec;
  const g = new Graph(`sae_batchtopk_x${models}_train`);
  const x = g.input('x', 'float32', [batch, dIn]);
  const lr = g.input('lr', 'float32', []);
  const p: StackedSaeTensors = {
    W_enc: g.param('W_enc', [models, dIn, dSae]),
    b_enc: g.param('b_enc', [models, 1, dSae]),
    W_dec: g.param('W_dec', [models, dSae, dIn]),
    b_dec: g.param('b_dec', [models, 1, dIn]),
  };
  const sinceFired = g.input('steps_since_fired', 'float32', [models, 1, dSae]);
  const deadMask = cast(greater(sinceFired, spec.deadWindow), 'float32');

  // (x − b_dec)·W_enc = x·W_enc − b_dec·W_enc: the shared batch is multiplied as it is, never copied per SAE, and by
  // all encoders side by side in one product (one large GEMM runs faster than S small ones, here and in the backward
  // pass's xᵀ·∂pre); the bias rides on that GEMM.
  const bias = spec.applyBDecToInput ? sub(p.b_enc, matmul(p.b_dec, p.W_enc)) : p.b_enc;
  const encoders = reshape(transpose(p.W_enc, [1, 0, 2]), [dIn, models * dSae]);
  const side = add(gemm(x, encoders), reshape(bias, [models * dSae]));
  const pre = transpose(reshape(side, [batch, models, dSae]), [1, 0, 2]);
  const counts = ks.map((k) => keepCount(k, batch, dSae));
  const previousCut = g.input('batch_cut', 'float32', [models]);
  const cut = batchTopKCut(pre, counts, previousCut);
  g.carry(previousCut, cut);
  const isKept = greaterOrEqual(pre, reshape(cut, [models, 1, 1]));
  const kept = cast(isKept, 'float32');
  const acts = mul(pre, kept);
  const xHat = add(matmul(acts, p.W_dec), p.b_dec);
  const mse = mul(sumOfSquares(sub(xHat, x)), 1 / batch);
  let perModel = mse;
  let aux: Tensor | undefined;
  if (withAuxLoss && spec.auxCoefficient > 0) {
    aux = stackedAuxK(x, xHat, pre, deadMask, p, spec.auxCoefficient);
    perModel = add(perModel, aux);
  }

  const params = [p.W_enc, p.b_enc, p.W_dec, p.b_dec];
  const unitNormRows = spec.unitNormDecoder ? [p.W_dec] : [];
  const grads = grad(reduceSum(perModel), params).map((gr, i) => (unitNormRows.includes(params[i]) ? tangentToRows(gr, params[i]) : gr));
  adam(params, spec.clipNorm > 0 ? clipPerModel(grads, models, spec.clipNorm) : grads, { lr, ...spec.adam, unitNormRows });

  const minActive = reduceMin(where(isKept, pre, 3e38), [1, 2]);
  const threshold = g.input('topk_threshold', 'float32', [models]);
  const rate = spec.thresholdLr;
  g.carry(threshold, where(greater(g.scalar(1e38), minActive), add(mul(threshold, 1 - rate), mul(minActive, rate)), threshold));
  // cut > 0, so `kept` is the firing indicator.
  const fired = reduceSum(kept, [1], true);
  g.carry(sinceFired, where(greater(fired, 0), 0, add(sinceFired, 1)));
  g.output('mse', mse);
  g.output('l0', mul(reduceSum(fired, [1, 2]), 1 / batch));
  if (aux) g.output('aux', aux);
  return g;
}

/**
 * SAELens' AuxK loss per SAE (see `auxKLoss`): the top min(⌊d_in/2⌋, n_dead) raw pre-activations of dead latents
 * reconstruct the stop-gradient residual, scaled by min(n_dead/⌊d_in/2⌋, 1). When d_sae ≤ ⌊d_in/2⌋ every dead
 * latent is among those picks, so the TopK is skipped.
 */
function stackedAuxK(x: Tensor, xHat: Tensor, pre: Tensor, deadMask: Tensor, p: StackedSaeTensors, coefficient: number): Tensor {
  const [, batch, dSae] = pre.shape;
  const half = Math.floor(x.shape[1] / 2);
  let auxActs: Tensor;
  if (dSae <= half) {
    auxActs = mul(pre, deadMask);
  } else {
    const masked = where(greater(deadMask, 0.5), pre, -1e30);
    const { indices } = topk(masked, half, 2);
    const pickedDead = cast(greater(gatherElements(masked, indices, 2), -1e29), pre.dtype);
    auxActs = scatterElements(zeros(pre), indices, mul(gatherElements(pre, indices, 2), pickedDead), 2);
  }
  const residual = stopGradient(sub(x, xHat));
  const scale = minimum(div(reduceSum(deadMask, [1, 2]), half), 1);
  return mul(mul(sumOfSquares(sub(add(matmul(auxActs, p.W_dec), p.b_dec), residual)), 1 / batch), mul(scale, coefficient));
}

/**
 * Σ over all but the leading axis of e², with its gradient 2·e·g as one product (autodiff of e·e forms it from four
 * passes over e). ORT's ReduceSumSquare is slower than the product and ReduceSum it replaces, so those stay.
 */
function sumOfSquares(e: Tensor): Tensor {
  const axes = e.shape.slice(1).map((_, i) => i + 1);
  const total = reduceSum(mul(e, e), axes);
  return customGradient(total, [e], (gy) => [mul(e, reshape(mul(gy, 2), [e.shape[0], ...axes.map(() => 1)]))]);
}

/** PyTorch's clip_grad_norm_ applied to each SAE's own gradients: g ← g·min(1, c/(‖g‖ + 10⁻⁶)) per leading index. */
function clipPerModel(grads: Tensor[], models: number, clipNorm: number): Tensor[] {
  const squares = grads.map((gr) => reduceSum(mul(gr, gr), gr.shape.slice(1).map((_, i) => i + 1)));
  const norm = sqrt(squares.reduce((a, b) => add(a, b)));
  const scale = clip(div(clipNorm, add(norm, 1e-6)), 0, 1);
  return grads.map((gr) => mul(gr, reshape(scale, [models, ...gr.shape.slice(1).map(() => 1)])));
}

/** g − (g·w)w per row, as the optimiser does for unit-norm rows; done before clipping so the clip sees it too. */
function tangentToRows(gr: Tensor, w: Tensor): Tensor {
  return sub(gr, mul(reduceSum(mul(gr, w), [-1], true), w));
}
