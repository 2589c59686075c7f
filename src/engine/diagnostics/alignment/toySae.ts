import { grad } from '../../graph/autodiff';
import { Graph, Tensor } from '../../graph/graph';
import { add, cast, gemm, greater, keepTopK, mul, reduceMean, reduceSum, relu, sub } from '../../graph/ops';
import { adam } from '../../graph/optim';
import { Rng } from '../../util/random';
import { SaeBundle } from '../../sae/bundle';

/**
 * Longon et al.'s `ToySAE` (sae-methods §5.1), which differs from the engine's SAELens-style TopK trainer in
 * ways that matter for reproducing their numbers: no b_dec subtraction before encoding, a = topk_k(ReLU(pre)),
 * reconstruction loss averaged over batch and dimensions, an auxiliary loss on latents dead in the current batch
 * that is always on and not stop-gradiented, xavier-normal init, and AdamW without gradient clipping.
 */
export interface ToySaeSpec {
  dIn: number;
  /** d_sae (§5.1: 64, the number of toy features). */
  width: number;
  k: number;
  batch: number;
  /** α of the auxiliary loss (§5.1: 0.1). */
  auxCoefficient: number;
  /** AdamW's decoupled weight decay (PyTorch's default 0.01). */
  weightDecay: number;
}

export const TOY_SAE_DEFAULTS = { width: 64, k: 7, batch: 1024, auxCoefficient: 0.1, weightDecay: 0.01, lr: 1e-3 } as const;

export interface ToySaeWeights {
  W_enc: Float32Array;
  b_enc: Float32Array;
  W_dec: Float32Array;
  b_dec: Float32Array;
}

export interface ToySaeParams {
  W_enc: Tensor; // [d_in, w]
  b_enc: Tensor; // [w]
  W_dec: Tensor; // [w, d_in]
  b_dec: Tensor; // [d_in]
}

export interface ToySaeLosses {
  loss: Tensor;
  mse: Tensor;
  aux: Tensor;
  /** The number of latents zero on every row of the batch. */
  dead: Tensor;
}

/**
 * ToySAE's forward pass and loss on a batch x [B, d_in]:
 *   pre = x·W_enc + b_enc,  a = topk_k(ReLU(pre)),  x̂ = a·W_dec + b_dec,  e = x − x̂
 *   dead_i = 1 when latent i is zero on every row of the batch (no gradient through the mask)
 *   loss = mean(e²) + α·mean(((pre ⊙ dead)·W_dec + b_dec − e)²)
 */
export function toySaeLosses(x: Tensor, p: ToySaeParams, k: number, auxCoefficient: number): ToySaeLosses {
  const pre = add(gemm(x, p.W_enc), p.b_enc);
  const acts = keepTopK(relu(pre), k);
  const err = sub(x, add(gemm(acts, p.W_dec), p.b_dec));
  const mse = reduceMean(mul(err, err));
  const dead = sub(1, cast(greater(reduceSum(acts, [0]), 0), x.dtype));
  const auxErr = sub(add(gemm(mul(pre, dead), p.W_dec), p.b_dec), err);
  const aux = mul(reduceMean(mul(auxErr, auxErr)), auxCoefficient);
  return { loss: add(mse, aux), mse, aux, dead: reduceSum(dead) };
}

/**
 * One AdamW step of `toySaeLosses`. Inputs: x [batch, d_in], lr. Parameters: W_enc, b_enc, W_dec, b_dec.
 * Outputs: loss, mse, aux, dead.
 */
export function buildToySaeTrainingGraph(s: ToySaeSpec): Graph {
  const g = new Graph('toy_sae_train');
  const x = g.input('x', 'float32', [s.batch, s.dIn]);
  const lr = g.input('lr', 'float32', []);
  const p: ToySaeParams = {
    W_enc: g.param('W_enc', [s.dIn, s.width]),
    b_enc: g.param('b_enc', [s.width]),
    W_dec: g.param('W_dec', [s.width, s.dIn]),
    b_dec: g.param('b_dec', [s.dIn]),
  };
  const losses = toySaeLosses(x, p, s.k, s.auxCoefficient);
  const params = [p.W_enc, p.b_enc, p.W_dec, p.b_dec];
  adam(params, grad(losses.loss, params), { lr, weightDecay: s.weightDecay, decoupled: true });
  for (const name of ['loss', 'mse', 'aux', 'dead'] as const) g.output(name, losses[name]);
  return g;
}

/** PyTorch's xavier_normal_ for both matrices (std √(2/(d_in + w))), zero biases. */
export function initialToySae(rng: Rng, dIn: number, width: number): ToySaeWeights {
  const std = Math.sqrt(2 / (dIn + width));
  return {
    W_enc: rng.fillNormal(new Float32Array(dIn * width), std),
    b_enc: new Float32Array(width),
    W_dec: rng.fillNormal(new Float32Array(width * dIn), std),
    b_dec: new Float32Array(dIn),
  };
}

/**
 * A ToySAE as an engine SAE bundle: SAELens `topk` with apply_b_dec_to_input = false encodes exactly as it does,
 * since ReLU after keeping the k largest pre-activations equals keeping the k largest of ReLU(pre).
 */
export function toySaeBundle(w: ToySaeWeights, dIn: number, width: number, k: number, label: string): SaeBundle {
  return {
    cfg: {
      architecture: 'topk',
      d_in: dIn,
      d_sae: width,
      dtype: 'float32',
      apply_b_dec_to_input: false,
      normalize_activations: 'none',
      k,
      rescale_acts_by_decoder_norm: false,
      metadata: {},
      extra: {},
    },
    ...w,
    extras: {},
    source: { format: 'saescope-toy-sae', path: label },
  };
}
