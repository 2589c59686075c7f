import { Graph, Tensor } from '../graph/graph';
import { add, matmul, mul, reduceSum, sqrt, sub } from '../graph/ops';

/** The four tensors every SAE has, as graph tensors (SAELens names and orientation). */
export interface SaeTensors {
  W_enc: Tensor; // [d_in, d_sae]
  b_enc: Tensor; // [d_sae]
  W_dec: Tensor; // [d_sae, d_in]
  b_dec: Tensor; // [d_in]
}

/** Declare them as trainable parameters, or as plain inputs for inference graphs. */
export function declareSaeTensors(g: Graph, dIn: number, dSae: number, trainable: boolean): SaeTensors {
  const make = (name: string, shape: number[]) => (trainable ? g.param(name, shape) : g.input(name, 'float32', shape));
  return {
    W_enc: make('W_enc', [dIn, dSae]),
    b_enc: make('b_enc', [dSae]),
    W_dec: make('W_dec', [dSae, dIn]),
    b_dec: make('b_dec', [dIn]),
  };
}

/** ‖W_dec,i‖ per latent, [d_sae]. */
export const decoderNorms = (p: SaeTensors): Tensor => sqrt(reduceSum(mul(p.W_dec, p.W_dec), [1]));

/** pre = (x − b_dec·apply_b_dec_to_input) @ W_enc + b_enc. */
export function preActivations(x: Tensor, p: SaeTensors, applyBDecToInput: boolean): Tensor {
  return add(matmul(applyBDecToInput ? sub(x, p.b_dec) : x, p.W_enc), p.b_enc);
}

/** x̂ = a @ W_dec + b_dec. */
export const decode = (acts: Tensor, p: SaeTensors): Tensor => add(matmul(acts, p.W_dec), p.b_dec);

/** SAELens' reconstruction loss: Σ_d (x̂ − x)², averaged over the batch. */
export function mseSum(x: Tensor, xHat: Tensor): Tensor {
  const err = sub(xHat, x);
  return mul(reduceSum(mul(err, err)), 1 / x.shape[0]);
}
