import { grad } from '../../../graph/autodiff';
import { Graph } from '../../../graph/graph';
import { adam } from '../../../graph/optim';
import { StepRunner } from '../../../graph/runner';
import { checkPositiveIntegers, modelRng, resolveModelConfig } from './config';
import { TRUTH_SEQ, sampleProbeSet, sampleTruthBatch, truthWorld, type TruthBatch } from './data';
import { truthCrossEntropies, truthProbeMetrics, type TruthActivations } from './metrics';
import { truthToyBlocks } from './toyBlocks';
import { TRUTH_TOY_POSITIONS, truthToyEvalGraph, truthToyForward, truthToyLoss, truthToyWidth } from './toyModel';
import { runTrainingLoop } from './trainLoop';
import type { ToyModelPreset, ToyModelRun, ToyModelTrainOptions } from '../types';

/**
 * Spec §4.2 and target 15 [ours]: zero init, Adam 1e-3, batch 256, ρ = 0.99, N = 16, 4 000 steps (the paper's
 * lr, batch, init and N are UNCONFIRMED; these are the settings the spec's own reimplementation measured).
 */
export const TRUTH_TOY_DEFAULTS = {
  n: 16,
  rho: 0.99,
  batch: 256,
  lr: 1e-3,
  steps: 4000,
  recordEvery: 500,
  /** Balanced probe set: this many true and as many false samples (spec: ≥ 1 500 each), split 50/50. */
  probePerClass: 1500,
};

export const truthToyPreset: ToyModelPreset = {
  name: 'truth-toy',
  summary: 'Simplified one-layer truth model (Ravfogel et al. 2025 §4.2): uniform attention, one value matrix W, normalised residual',
  defaults: TRUTH_TOY_DEFAULTS,
  train: trainTruthToy,
};

async function trainTruthToy(options: ToyModelTrainOptions): Promise<ToyModelRun> {
  const config = resolveModelConfig(truthToyPreset.name, TRUTH_TOY_DEFAULTS, options);
  checkPositiveIntegers(truthToyPreset.name, config, ['n', 'batch', 'steps', 'recordEvery', 'probePerClass']);
  const { n, rho, batch, lr, steps, recordEvery, probePerClass } = config;
  const world = truthWorld(n, rho, modelRng(options.seed, 'world'));
  const batches = modelRng(options.seed, 'batches');
  const probeRng = modelRng(options.seed, 'probe');
  const probe = sampleProbeSet(world, probeRng, probePerClass);
  const heldOut = sampleTruthBatch(world, probeRng, probe.size);
  const d = truthToyWidth(n);

  const g = new Graph('truth_toy');
  const tokens = g.input('tokens', 'int64', [batch, TRUTH_SEQ]);
  const rate = g.input('lr', 'float32', []);
  const w = g.param('W', [d, d]);
  const total = truthToyLoss(truthToyForward(tokens, w, n).logits, tokens);
  adam([w], grad(total, [w]), { lr: rate });
  g.output('loss', total);
  // One intra-op thread: steps this small gain nothing from more, and runs beside other work stay steady.
  const runner = await StepRunner.create(g, { threads: 1 });
  const evaluator = await runner.evaluator(truthToyEvalGraph(n, probe.size), { threads: 1 });
  const activations = async (samples: TruthBatch): Promise<TruthActivations> => {
    const out = await evaluator.run({ tokens: samples.tokens });
    const copy = (name: string) => Float32Array.from(out[name] as Float32Array);
    return { rows: samples.size, positions: TRUTH_TOY_POSITIONS, d, probs: copy('probs'), raw: copy('resid'), normalized: copy('normalized') };
  };
  try {
    return await runTrainingLoop({ preset: truthToyPreset.name, config, steps, recordEvery }, {
      runner,
      lossOutput: 'loss',
      params: { W: [d, d] },
      feeds: () => ({ tokens: sampleTruthBatch(world, batches, batch).tokens, lr }),
      measure: async () => ({
        ...truthCrossEntropies(heldOut, await activations(heldOut)),
        ...truthProbeMetrics(world, probe, await activations(probe)),
        ...truthToyBlocks(world, runner.state('W') as Float32Array),
      }),
    }, options);
  } finally {
    await evaluator.release();
    await runner.release();
  }
}
