import { Tensor } from '../../graph/graph';
import { add, cast, div, greater, matmul, minimum, mul, reduceSum, scatterElements, sub, topk, where, zeros, gatherElements, stopGradient } from '../../graph/ops';
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
  const half = Math.floor(x.shape[1] / 2);
  const kAux = Math.min(half, dSae);
  const isDead = greater(deadMask, 0.5);
  const masked = where(isDead, pre, -1e30);
  const { indices } = topk(masked, kAux);
  const picked = gatherElements(pre, indices, 1);
  const pickedDead = cast(greater(gatherElements(masked, indices, 1), -1e29), pre.dtype);
  const auxActs = scatterElements(zeros(pre, [batch, dSae]), indices, mul(picked, pickedDead), 1);
  const residual = stopGradient(sub(x, xHat));
  const err = sub(add(matmul(auxActs, p.W_dec), p.b_dec), residual);
  const nDead = reduceSum(deadMask);
  const scale = minimum(div(nDead, half), 1);
  return mul(mul(reduceSum(mul(err, err)), 1 / batch), mul(scale, coefficient));
}
