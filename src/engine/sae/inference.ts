import { Graph, Tensor } from '../graph/graph';
import { add, cast, div, exp, greater, matmul, mul, reduceMean, reduceSum, relu, sqrt, sub } from '../graph/ops';
import { Evaluator, type SessionOptions } from '../graph/runner';
import { jumpReluEncode } from './arch/jumprelu';
import { standardEncode } from './arch/standard';
import { topkEncode } from './arch/topk';
import { EncodeContext } from './arch/types';
import { SaeBundle } from './bundle';
import { declareSaeTensors, decode, preActivations } from './params';

/**
 * Encode and decode any loaded SAE in batches of a fixed size, honouring its activation normalisation and
 * apply_b_dec_to_input. Weights are inputs of the session, fed from the bundle's arrays (no copies).
 */
export class SaeSession {
  private constructor(
    readonly bundle: SaeBundle,
    readonly batch: number,
    private readonly evaluator: Evaluator,
    private readonly weights: Record<string, Float32Array>,
  ) {}

  static async create(bundle: SaeBundle, batch: number, options: SessionOptions = {}): Promise<SaeSession> {
    const { graph, weights } = inferenceGraph(bundle, batch);
    return new SaeSession(bundle, batch, await Evaluator.create(graph, options), weights);
  }

  /**
   * Runs a batch of exactly `batch` rows. `acts` are the feature activations, `xHat` the reconstruction in the
   * input's own scale. The buffers are reused by the next call.
   */
  async run(x: Float32Array): Promise<{ acts: Float32Array; xHat: Float32Array }> {
    const out = await this.evaluator.run({ ...this.weights, x });
    return { acts: out.acts as Float32Array, xHat: out.x_hat as Float32Array };
  }

  async release(): Promise<void> {
    await this.evaluator.release();
  }
}

function inferenceGraph(bundle: SaeBundle, batch: number): { graph: Graph; weights: Record<string, Float32Array> } {
  const { cfg } = bundle;
  const g = new Graph(`sae_${cfg.architecture}_infer`);
  const x = g.input('x', 'float32', [batch, cfg.d_in]);
  const params = declareSaeTensors(g, cfg.d_in, cfg.d_sae, false);
  const weights: Record<string, Float32Array> = { W_enc: bundle.W_enc, b_enc: bundle.b_enc, W_dec: bundle.W_dec, b_dec: bundle.b_dec };
  const extras: Record<string, Tensor> = {};
  for (const [name, m] of Object.entries(bundle.extras)) {
    if (name === 'sparsity') continue;
    extras[name] = g.input(name, 'float32', m.shape);
    weights[name] = m.data;
  }
  const norm = normalisation(x, bundle);
  const ctx: EncodeContext = { x: norm.x, params, extras, applyBDecToInput: cfg.apply_b_dec_to_input };
  const { acts, decodeActs } = encodeFor(bundle, ctx);
  g.output('acts', acts);
  g.output('x_hat', norm.undo(decode(decodeActs, params)));
  return { graph: g, weights };
}

function encodeFor(bundle: SaeBundle, c: EncodeContext): { acts: Tensor; decodeActs: Tensor } {
  const { cfg } = bundle;
  switch (cfg.architecture) {
    case 'standard': {
      const acts = standardEncode(c);
      return { acts, decodeActs: acts };
    }
    case 'topk': {
      const acts = topkEncode(c, requireK(bundle), cfg.rescale_acts_by_decoder_norm ?? false);
      return { acts, decodeActs: acts };
    }
    case 'jumprelu': {
      const acts = jumpReluEncode(c);
      return { acts, decodeActs: acts };
    }
    case 'batchtopk':
    case 'matryoshka_batchtopk': {
      // At inference a BatchTopK SAE is a JumpReLU with its running threshold for every latent (SAELens).
      const pre = preActivations(c.x, c.params, c.applyBDecToInput);
      const acts = mul(relu(pre), cast(greater(pre, c.extras.topk_threshold), 'float32'));
      return { acts, decodeActs: acts };
    }
    case 'gated': {
      // 1[x@W_enc + b_gate > 0] · ReLU(x@(W_enc·exp(r_mag)) + b_mag)
      const sae_in = c.applyBDecToInput ? sub(c.x, c.params.b_dec) : c.x;
      const gate = cast(greater(add(matmul(sae_in, c.params.W_enc), c.extras.b_gate), 0), 'float32');
      const mag = relu(add(matmul(sae_in, mul(c.params.W_enc, exp(c.extras.r_mag))), c.extras.b_mag));
      const acts = mul(gate, mag);
      return { acts, decodeActs: acts };
    }
  }
}

function requireK(bundle: SaeBundle): number {
  const k = bundle.cfg.k;
  if (!k || !Number.isInteger(k)) throw new Error(`${bundle.source.path}: a TopK SAE needs an integer k in its config`);
  return k;
}

/** Input normalisation and its inverse on the output (SAELens `normalize_activations`). */
function normalisation(x: Tensor, bundle: SaeBundle): { x: Tensor; undo: (y: Tensor) => Tensor } {
  const dIn = bundle.cfg.d_in;
  switch (bundle.cfg.normalize_activations) {
    case 'constant_norm_rescale': {
      // x·√d/‖x‖ per row; the output is scaled back by ‖x‖/√d.
      const scale = div(Math.sqrt(dIn), sqrt(reduceSum(mul(x, x), [1], true)));
      return { x: mul(x, scale), undo: (y) => div(y, scale) };
    }
    case 'layer_norm': {
      const mu = reduceMean(x, [1], true);
      const centred = sub(x, mu);
      const std = sqrt(add(reduceMean(mul(centred, centred), [1], true), 1e-5));
      return { x: div(centred, std), undo: (y) => add(mul(y, std), mu) };
    }
    case 'expected_average_only_in': {
      const s = Number(bundle.cfg.extra.norm_scaling_factor ?? bundle.cfg.extra.scaling_factor ?? NaN);
      if (!Number.isFinite(s)) return { x, undo: (y) => y };
      return { x: mul(x, s), undo: (y) => mul(y, 1 / s) };
    }
    case 'none':
      return { x, undo: (y) => y };
  }
}
