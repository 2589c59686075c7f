import { grad } from '../../graph/autodiff';
import { Graph, Tensor } from '../../graph/graph';
import { add, matmul, mul, reduceSum, relu, slice, stopGradient } from '../../graph/ops';
import { adam } from '../../graph/optim';
import { declareSaeTensors, decoderNorms, mseSum, preActivations, type SaeTensors } from '../../sae/params';

/**
 * The Matryoshka SAE of the hedging paper's balancing toy (`MatryoshkaSAE` with L1, `skip_outer_loss`): ReLU
 * latents, nested prefixes w_1 < … < w_M = h, and per level m the reconstruction of the first w_m latents plus their
 * L1 penalty (weighted by decoder norm), the level weighted by β_m:
 *   x̂_m = a[:, :w_m]·W_dec[:w_m] + b_dec,
 *   L   = Σ_m β_m·[ mean_b ‖x − x̂_m‖² + λ·mean_b Σ_{i < w_m} a_i‖W_dec,i‖ ].
 * `detached` is the paper's β → ∞ ("use_delta_loss"): each level sees the previous levels' partial reconstruction
 * through a stop-gradient and penalises only its own latents, so outer levels cannot move inner latents at all.
 */
export interface MatryoshkaL1Options {
  dIn: number;
  dSae: number;
  batch: number;
  /** Prefix widths, ascending, the last = dSae. */
  widths: number[];
  /** β_m per level (ignored when detached, where every level weighs 1). */
  weights: number[];
  detached: boolean;
  /** Divide the whole loss by this (the engine's γ > 1 convention: the number of levels). */
  divisor?: number;
}

/** The objective above for inputs x [B, d_in] with the SAE's tensors p and λ (a scalar tensor). */
export function matryoshkaL1Loss(x: Tensor, p: SaeTensors, lambda: Tensor, o: Pick<MatryoshkaL1Options, 'widths' | 'weights' | 'detached'>): Tensor {
  const batch = x.shape[0];
  const acts = relu(preActivations(x, p, true));
  const weightedActs = mul(acts, decoderNorms(p));
  let inner: Tensor | null = null;
  let loss: Tensor | null = null;
  let start = 0;
  o.widths.forEach((w, m) => {
    const portion = matmul(slice(acts, [start], [w], [1]), slice(p.W_dec, [start], [w], [0]));
    inner = inner === null ? portion : add(o.detached ? stopGradient(inner) : inner, portion);
    const l1 = mul(reduceSum(slice(weightedActs, [o.detached ? start : 0], [w], [1])), mul(lambda, 1 / batch));
    const weight = o.detached ? 1 : o.weights[m];
    start = w;
    if (weight === 0) return;
    const term = mul(add(mseSum(x, add(inner, p.b_dec)), l1), weight);
    loss = loss === null ? term : add(loss, term);
  });
  if (loss === null) throw new Error('every Matryoshka level has weight 0');
  return loss;
}

/** The training step as a graph: inputs x [B, d_in], lr, sparsity_coefficient; Adam with gradient-norm clip 1. */
export function matryoshkaL1TrainingGraph(o: MatryoshkaL1Options): Graph {
  const g = new Graph('matryoshka_l1_train');
  const x = g.input('x', 'float32', [o.batch, o.dIn]);
  const lr = g.input('lr', 'float32', []);
  const p = declareSaeTensors(g, o.dIn, o.dSae, true);
  const loss = matryoshkaL1Loss(x, p, g.input('sparsity_coefficient', 'float32', []), o);
  const total = o.divisor && o.divisor !== 1 ? mul(loss, 1 / o.divisor) : loss;
  const trainable = [p.W_enc, p.b_enc, p.W_dec, p.b_dec];
  adam(trainable, grad(total, trainable), { lr, clipNorm: 1 });
  g.output('loss', total);
  return g;
}
