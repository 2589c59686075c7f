import { Tensor } from '../../graph/graph';
import { add, cast, div, gatherAffine, gatherElements, greater, matmul, minimum, mul, reduceSum, scatterElements, sparseRowsProduct, stopGradient, sub, topk, where, zeros } from '../../graph/ops';
import { SaeTensors } from '../params';

/**
 * SAELens' AuxK loss against dead latents (`calculate_topk_aux_loss`):
 * k_aux = min(⌊d_in/2⌋, n_dead), scale = min(n_dead/⌊d_in/2⌋, 1), e = stopgrad(x − x̂),
 * aux = top-k_aux raw pre-activations of the dead latents per row, L = coef·scale·mean_b ‖aux @ W_dec + b_dec − e‖².
 * ONNX TopK needs a static k, so we take the top ⌊d_in/2⌋ of pre masked to the dead latents and zero the
 * picks that are not dead: the same as the top min(k_aux, n_dead).
 */
export function auxKLoss(x: Tensor, xHat: Tensor, pre: Tensor, deadMask: Tensor, p: SaeTensors, coefficient: number): Tensor {
  const [batch, dSae] = pre.shape;
  const { indices, pickedDead } = auxKSelection(x, pre, deadMask);
  const picked = gatherElements(pre, indices, 1);
  const auxActs = scatterElements(zeros(pre, [batch, dSae]), indices, mul(picked, pickedDead), 1);
  return auxKFromReconstruction(x, xHat, add(matmul(auxActs, p.W_dec), p.b_dec), deadMask, coefficient);
}

/**
 * The same loss through the sparse ops: `pre` comes from `affine`, the picked pre-activations get gradients
 * through only their own encoder columns, and the auxiliary decode touches only the picked decoder rows.
 */
export function auxKLossSparse(x: Tensor, xHat: Tensor, pre: Tensor, deadMask: Tensor, p: SaeTensors, coefficient: number): Tensor {
  const { indices, pickedDead } = auxKSelection(x, pre, deadMask);
  const auxValues = mul(gatherAffine(pre, indices), pickedDead);
  return auxKFromReconstruction(x, xHat, add(sparseRowsProduct(auxValues, indices, p.W_dec), p.b_dec), deadMask, coefficient);
}

/** The top ⌊d_in/2⌋ of pre masked to dead latents per row, and 1 where a pick is dead (0 where it only filled k_aux). */
function auxKSelection(x: Tensor, pre: Tensor, deadMask: Tensor): { indices: Tensor; pickedDead: Tensor } {
  const kAux = Math.min(Math.floor(x.shape[1] / 2), pre.shape[1]);
  const masked = where(greater(deadMask, 0.5), pre, -1e30);
  const { indices } = topk(masked, kAux);
  return { indices, pickedDead: cast(greater(gatherElements(masked, indices, 1), -1e29), pre.dtype) };
}

function auxKFromReconstruction(x: Tensor, xHat: Tensor, auxRecon: Tensor, deadMask: Tensor, coefficient: number): Tensor {
  const half = Math.floor(x.shape[1] / 2);
  const residual = stopGradient(sub(x, xHat));
  const err = sub(auxRecon, residual);
  const scale = minimum(div(reduceSum(deadMask), half), 1);
  return mul(mul(reduceSum(mul(err, err)), 1 / x.shape[0]), mul(scale, coefficient));
}
