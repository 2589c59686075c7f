import type { ActivationSource } from '../data/source';
import type { Graph } from '../graph/graph';
import { StepRunner } from '../graph/runner';
import { buildSaeTrainingGraph, hasAuxLoss } from '../sae/trainingGraph';
import type { SaeTrainingSpec } from '../sae/trainingSpec';

/**
 * The diagnostics' toy experiments train tiny SAEs (h ≤ 5, d ≤ 50) for thousands of steps, where one ORT call per
 * step costs more than the arithmetic. This runs a training graph with many steps inside one ONNX Loop instead:
 * the same graph the trainer would run, with a constant learning rate and constant scalar feeds.
 */
export interface StackedTrainingOptions {
  /** A training graph whose per-step input is `x` [batch, d_in]; every other input is a scalar fed to all steps. */
  graph: Graph;
  source: ActivationSource;
  steps: number;
  /** Constant scalar inputs, e.g. { lr: 3e-4, sparsity_coefficient: 1e-3 }. */
  feeds: Record<string, number>;
  /** Starting values of carried state by name (weights); the rest (optimiser moments, counters) start at zero. */
  initial: Record<string, Float32Array>;
  /**
   * A cheaper graph with the same state that gives the same step while `usable` holds before a run of `stepsPerRun`
   * steps (the SAE graph without AuxK, whose loss is exactly zero while no latent is dead).
   */
  shortcut?: { graph: Graph; usable: (state: (name: string) => Float32Array, stepsPerRun: number) => boolean };
  /** Upper bound on steps per ORT run; the largest divisor of `steps` not above it is used, so every step runs. */
  maxStepsPerRun?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (step: number, steps: number) => void;
}

export interface StackedTrainingResult {
  /** Copies of every carried state tensor after the last step. */
  state: Record<string, Float32Array>;
  steps: number;
  cancelled: boolean;
}

export async function trainStacked(o: StackedTrainingOptions): Promise<StackedTrainingResult> {
  const x = o.graph.inputs.find((i) => i.tensor.name === 'x')?.tensor;
  if (!x || x.rank !== 2 || x.shape[1] !== o.source.dIn) throw new Error(`${o.graph.name}: needs an input x [batch, ${o.source.dIn}]`);
  const stepsPerRun = largestDivisorUpTo(o.steps, o.maxStepsPerRun ?? 100);
  const runner = await StepRunner.create(o.graph, { stepsPerRun, stacked: ['x'], threads: o.threads ?? 1 });
  try {
    if (o.shortcut) await runner.addVariant('shortcut', o.shortcut.graph);
    const state = (name: string) => runner.state(name) as Float32Array;
    for (const [name, data] of Object.entries(o.initial)) runner.setState(name, data);
    const batch = new Float32Array(stepsPerRun * x.size);
    let step = 0;
    while (step < o.steps) {
      if (o.signal?.aborted) break;
      const rows = await o.source.nextBatch(batch);
      if (rows * o.source.dIn < batch.length) throw new Error(`${o.source.describe()}: ran out of rows`);
      await runner.step({ ...o.feeds, x: batch }, o.shortcut?.usable(state, stepsPerRun) ? 'shortcut' : 'main');
      step += stepsPerRun;
      o.onProgress?.(step, o.steps);
    }
    const final = Object.fromEntries(runner.stateNames.map((n) => [n, Float32Array.from(state(n))]));
    return { state: final, steps: step, cancelled: step < o.steps };
  } finally {
    await runner.release();
  }
}

/**
 * The SAE training graph of a spec for `trainStacked`, with its AuxK-free shortcut where it has AuxK: a latent is
 * dead once its steps since firing exceed the dead window, and they grow by at most one per step, so a run of K
 * steps that starts with every count at most window − K has no dead latent and an AuxK loss of exactly zero.
 */
export function saeTrainingGraphs(spec: SaeTrainingSpec): Pick<StackedTrainingOptions, 'graph' | 'shortcut'> {
  const graph = buildSaeTrainingGraph(spec).graph;
  if (!hasAuxLoss(spec)) return { graph };
  const usable = (state: (name: string) => Float32Array, stepsPerRun: number) => state('steps_since_fired').every((n) => n + stepsPerRun <= spec.deadWindow);
  return { graph, shortcut: { graph: buildSaeTrainingGraph(spec, false).graph, usable } };
}

export function largestDivisorUpTo(n: number, bound: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`steps must be a positive integer, got ${n}`);
  for (let k = Math.min(n, Math.max(1, Math.floor(bound))); k > 1; k--) if (n % k === 0) return k;
  return 1;
}
