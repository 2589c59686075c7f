import { Evaluator } from '../../graph/runner';
import { truthReference } from '../../toys/models/truth/bayes';
import { modelRng } from '../../toys/models/truth/config';
import { TRUTH_SEQ, sampleProbeSet, truthWorld, type TruthBatch, type TruthWorld } from '../../toys/models/truth/data';
import { TRUTH_TOY_POSITIONS, truthToyEvalGraph, truthToyWidth } from '../../toys/models/truth/toyModel';
import { truthToyPreset } from '../../toys/models/truth/toyPreset';
import type { ModelRecord } from '../../toys/models/types';
import { probeRepresentation, type RepresentationProbes } from './probeReport';

export interface TruthToyProbeOptions {
  steps?: number;
  seed?: number;
  /** Preset numbers (n, rho, batch, lr, probePerClass, …). */
  overrides?: Record<string, number>;
  folds?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** One position of x y x' on the balanced probe set. */
export interface TruthPosition {
  position: string;
  predicts: string;
  /** Mean probability the model gives the token that follows, in true and in false samples. */
  pNextTrue: number;
  pNextFalse: number;
  /** At x and x': mean P(g(subject)), the true attribute, in true and false samples, and its Bayes value. */
  pTrueAttributeTrue?: number;
  pTrueAttributeFalse?: number;
  bayesTrue?: number;
  bayesFalse?: number;
  /** Mean ‖v_t‖ (the residual before normalisation) in true over false samples. */
  normRatio: number;
  probes: RepresentationProbes;
}

export interface TruthToyProbeReport {
  preset: string;
  config: Record<string, number | string | boolean>;
  steps: number;
  /** The last training record (held-out cross-entropies, probe AUCs, W block entries). */
  finalRecord: ModelRecord;
  /** The memorize-only model's P(g(x')), the same in every context. */
  memorizeOnly: number;
  positions: TruthPosition[];
}

const POSITIONS = [
  { position: 'x', predicts: 'y' },
  { position: 'y', predicts: "x'" },
  { position: "x'", predicts: "y'" },
];

/**
 * `saescope probe toy:truth`: trains the simplified truth toy (spec §4.2), then on its balanced probe set reports
 * per position the conditional probabilities of the next token in true and false contexts (with the Bayes
 * references of spec §4.1) and both probes on the residual v_t, raw and normalised as the model itself
 * normalises it (v/‖v‖; standardised features make the √d scale irrelevant).
 */
export async function probeTruthToy(o: TruthToyProbeOptions = {}): Promise<TruthToyProbeReport> {
  const seed = o.seed ?? 0;
  const run = await truthToyPreset.train({ seed, steps: o.steps, overrides: o.overrides, log: o.log, signal: o.signal });
  const n = Number(run.config.n);
  const rho = Number(run.config.rho);
  // The same world and probe set the preset measured on: both come from the seed's streams.
  const world = truthWorld(n, rho, modelRng(seed, 'world'));
  const probe = sampleProbeSet(world, modelRng(seed, 'probe'), Number(run.config.probePerClass));
  const evaluator = await Evaluator.create(truthToyEvalGraph(n, probe.size), { threads: 1 });
  let out;
  try {
    out = await evaluator.run({ tokens: probe.tokens, W: run.params.W.data });
  } finally {
    await evaluator.release();
  }
  const resid = out.resid as Float32Array;
  const probs = out.probs as Float32Array;
  const d = truthToyWidth(n);
  const ref = truthReference(n, rho);
  const positions = POSITIONS.map(({ position, predicts }, p): TruthPosition => {
    const rows = positionRows(resid, probe.size, p, d);
    const next = classMeans(probe, (r) => probs[(r * TRUTH_TOY_POSITIONS + p) * 2 * n + token(probe, r, p + 1)]);
    const norms = classMeans(probe, (r) => Math.hypot(...rows.subarray(r * d, (r + 1) * d)));
    const result: TruthPosition = {
      position,
      predicts,
      pNextTrue: next[1],
      pNextFalse: next[0],
      normRatio: norms[1] / norms[0],
      probes: probeRepresentation(rows, probe.size, d, probe.truth, { folds: o.folds, normalisation: 'rms' }),
    };
    if (p !== 1) {
      const attribute = classMeans(probe, (r) => probs[(r * TRUTH_TOY_POSITIONS + p) * 2 * n + trueAttribute(world, probe, r, p)]);
      Object.assign(result, {
        pTrueAttributeTrue: attribute[1],
        pTrueAttributeFalse: attribute[0],
        bayesTrue: p === 0 ? ref.memorizeOnly : ref.bayesTrueContext,
        bayesFalse: p === 0 ? ref.memorizeOnly : ref.bayesFalseContext,
      });
    }
    return result;
  });
  return { preset: run.preset, config: run.config, steps: run.steps, finalRecord: run.records.at(-1)!, memorizeOnly: ref.memorizeOnly, positions };
}

const token = (batch: TruthBatch, r: number, p: number): number => Number(batch.tokens[r * TRUTH_SEQ + p]);

/** Token id of g(subject at position p). */
const trueAttribute = (world: TruthWorld, batch: TruthBatch, r: number, p: number): number => world.n + world.attributeOf[token(batch, r, p)];

/** [rows, d] vectors of position p out of [rows, positions, d]. */
function positionRows(values: Float32Array, rows: number, p: number, d: number): Float64Array {
  const out = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) out.set(values.subarray((r * TRUTH_TOY_POSITIONS + p) * d, (r * TRUTH_TOY_POSITIONS + p + 1) * d), r * d);
  return out;
}

/** Mean of f over false rows and over true rows: [false, true]. */
function classMeans(batch: TruthBatch, f: (r: number) => number): [number, number] {
  const sums = [0, 0];
  const counts = [0, 0];
  for (let r = 0; r < batch.size; r++) {
    sums[batch.truth[r]] += f(r);
    counts[batch.truth[r]]++;
  }
  return [sums[0] / counts[0], sums[1] / counts[1]];
}
