import { exportTransformerOnnx } from '../transformer/onnxExport';
import { grad } from '../../../graph/autodiff';
import { Graph } from '../../../graph/graph';
import { crossEntropy, reshape, slice } from '../../../graph/ops';
import { adam } from '../../../graph/optim';
import { StepRunner } from '../../../graph/runner';
import { checkTransformerConfig, initTransformerParams, transformerParamShapes, type TransformerConfig } from '../transformer/config';
import { transformerForward } from '../transformer/forward';
import { transformerGraph } from '../transformer/graph';
import type { ToyModelPreset, ToyModelRun, ToyModelTrainOptions } from '../types';
import { checkPositiveIntegers, modelRng, resolveModelConfig } from './config';
import { TRUTH_SEQ, sampleProbeSet, sampleTruthBatch, truthWorld, type TruthBatch } from './data';
import { truthCrossEntropies, truthProbeMetrics, type TruthActivations } from './metrics';
import { runTrainingLoop } from './trainLoop';

/**
 * Spec §4.3 uses ρ = 0.99 and N = 512 with a standard one-layer transformer whose size and optimiser are
 * UNCONFIRMED. Decided here so that both phases show within a minute on two CPU cores: N = 32 (vocabulary 64),
 * d_model 32, 2 heads, d_mlp 128, one layer, AdamW lr 3e-3 with weight decay 0.1, batch 128, TransformerLens's
 * default initialisation, loss = mean next-token cross-entropy at x, y and x'. ρ = 0.9, not 0.99: the truth
 * signal scales with 1 − ρ, and at this size ρ = 0.99 showed no second phase within 12 000 steps, while ρ = 0.9
 * memorises by step ~1 000 (P(g(x')) ≈ 0.9 in true and false contexts alike) and then, around steps
 * 2 000–3 000, the probe AUC at x' jumps to 1 and P(g(x') | false) falls to ≈ 0.1.
 */
export const TRUTH_TRANSFORMER_DEFAULTS = {
  n: 32,
  rho: 0.9,
  dModel: 32,
  heads: 2,
  dMlp: 128,
  layers: 1,
  batch: 128,
  lr: 3e-3,
  weightDecay: 0.1,
  steps: 5000,
  recordEvery: 250,
  probePerClass: 1500,
};

export const truthTransformerPreset: ToyModelPreset = {
  name: 'truth-transformer',
  summary: 'One-layer transformer on truth co-occurrence data (Ravfogel et al. 2025 §4.3): memorisation, then a linear truth encoding',
  defaults: TRUTH_TRANSFORMER_DEFAULTS,
  train: trainTruthTransformer,
  exportOnnx: (run, file, batch) => exportTransformerOnnx(file, truthTransformerConfig(run.config), run.params, { batch }),
};

/** The transformer a truth-transformer run (or checkpoint) trained: vocabulary 2N, context x y x' y'. */
export function truthTransformerConfig(config: Record<string, number | string | boolean>): TransformerConfig {
  const c = { vocab: 2 * Number(config.n), context: TRUTH_SEQ, dModel: Number(config.dModel), heads: Number(config.heads), dMlp: Number(config.dMlp), layers: Number(config.layers) };
  checkTransformerConfig(c);
  return c;
}

async function trainTruthTransformer(options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const config = resolveModelConfig(truthTransformerPreset.name, TRUTH_TRANSFORMER_DEFAULTS, options);
  checkPositiveIntegers(truthTransformerPreset.name, config, ['batch', 'steps', 'recordEvery', 'probePerClass']);
  const { n, rho, batch, lr, weightDecay, steps, recordEvery, probePerClass } = config;
  const c = truthTransformerConfig(config);
  const world = truthWorld(n, rho, modelRng(options.seed, 'world'));
  const batches = modelRng(options.seed, 'batches');
  const probeRng = modelRng(options.seed, 'probe');
  const probe = sampleProbeSet(world, probeRng, probePerClass);
  const heldOut = sampleTruthBatch(world, probeRng, probe.size);
  const shapes = transformerParamShapes(c);

  const g = new Graph('truth_transformer');
  const tokens = g.input('tokens', 'int64', [batch, TRUTH_SEQ]);
  const rate = g.input('lr', 'float32', []);
  const weights = Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, g.param(name, shape)]));
  const { logits } = transformerForward(tokens, weights, c);
  const predicted = TRUTH_SEQ - 1;
  const loss = crossEntropy(
    reshape(slice(logits, [0], [predicted], [1]), [batch * predicted, c.vocab]),
    reshape(slice(tokens, [1], [TRUTH_SEQ], [1]), [batch * predicted]),
  );
  const params = Object.values(weights);
  adam(params, grad(loss, params), { lr: rate, weightDecay, decoupled: true });
  g.output('loss', loss);
  // One intra-op thread: steps this small gain nothing from more, and runs beside other work stay steady.
  const runner = await StepRunner.create(g, { threads: 1 });
  for (const [name, values] of Object.entries(initTransformerParams(c, modelRng(options.seed, 'init')))) runner.setState(name, values);

  const raw = `blocks.${c.layers - 1}.hook_resid_post`;
  const normalized = 'ln_final.hook_normalized';
  const { graph: evalGraph } = transformerGraph(c, { batch: probe.size, seq: TRUTH_SEQ, outputs: ['logits', raw, normalized] });
  const evaluator = await runner.evaluator(evalGraph, { threads: 1 });
  const activations = async (samples: TruthBatch): Promise<TruthActivations> => {
    const out = await evaluator.run({ tokens: samples.tokens });
    return {
      rows: samples.size,
      positions: TRUTH_SEQ,
      d: c.dModel,
      probs: softmaxRows(out.logits as Float32Array, c.vocab),
      raw: Float32Array.from(out[raw] as Float32Array),
      normalized: Float32Array.from(out[normalized] as Float32Array),
    };
  };
  try {
    return await runTrainingLoop({ preset: truthTransformerPreset.name, config, steps, recordEvery }, {
      runner,
      lossOutput: 'loss',
      params: shapes,
      feeds: () => ({ tokens: sampleTruthBatch(world, batches, batch).tokens, lr }),
      measure: async () => ({
        ...truthCrossEntropies(heldOut, await activations(heldOut)),
        ...truthProbeMetrics(world, probe, await activations(probe)),
      }),
    }, options);
  } finally {
    await evaluator.release();
    await runner.release();
  }
}

/** Softmax of each row of `width` logits, into a new array. */
function softmaxRows(logits: Float32Array, width: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let o = 0; o < logits.length; o += width) {
    let max = -Infinity;
    for (let k = 0; k < width; k++) max = Math.max(max, logits[o + k]);
    let sum = 0;
    for (let k = 0; k < width; k++) sum += out[o + k] = Math.exp(logits[o + k] - max);
    for (let k = 0; k < width; k++) out[o + k] /= sum;
  }
  return out;
}
