import { fitTruthProbe } from '../../../diagnostics/probes/linearProbe';
import { TRUTH_SEQ, type TruthBatch, type TruthWorld } from './data';

/** A model's outputs on a batch of truth samples, per position (x, y, x', …). */
export interface TruthActivations {
  rows: number;
  positions: number;
  /** Next-token probabilities [rows, positions, 2N]. */
  probs: Float32Array;
  d: number;
  /** The residual stream before and after its final normalisation [rows, positions, d]. */
  raw: Float32Array;
  normalized: Float32Array;
}

const X = 0;
const Y = 1;
const X_PRIME = 2;

/**
 * Spec §4.4 on the balanced probe set: P(g(x)) at x (memorisation), P(g(x') | true context) and
 * P(g(x') | false context) at x', truth-probe AUCs on the normalised (`auc_*`) and raw (`auc_raw_*`) residual at
 * y and x' with accuracy and the mean-difference AUC at x', and mean ‖v‖ true / false at x'.
 */
export function truthProbeMetrics(world: TruthWorld, probe: TruthBatch, acts: TruthActivations): Record<string, number> {
  let memorised = 0;
  const attributeProb = [0, 0];
  const norms = [0, 0];
  const counts = [0, 0];
  for (let r = 0; r < acts.rows; r++) {
    const c = probe.truth[r];
    counts[c]++;
    memorised += probOf(acts, r, X, world.n + world.attributeOf[token(probe, r, 0)]) / acts.rows;
    attributeProb[c] += probOf(acts, r, X_PRIME, world.n + world.attributeOf[token(probe, r, 2)]);
    norms[c] += Math.hypot(...position(acts.raw, acts, r, X_PRIME));
  }
  const probeAt = (values: Float32Array, p: number) => fitTruthProbe(positionRows(values, acts, p), probe.truth, acts.d);
  const atXPrime = probeAt(acts.normalized, X_PRIME);
  return {
    p_attr_x: memorised,
    p_attr_xp_true: attributeProb[1] / counts[1],
    p_attr_xp_false: attributeProb[0] / counts[0],
    auc_y: probeAt(acts.normalized, Y).auc,
    auc_xp: atXPrime.auc,
    acc_xp: atXPrime.accuracy,
    auc_md_xp: atXPrime.meanDifferenceAuc,
    auc_raw_y: probeAt(acts.raw, Y).auc,
    auc_raw_xp: probeAt(acts.raw, X_PRIME).auc,
    norm_ratio_xp: norms[1] / counts[1] / (norms[0] / counts[0]),
  };
}

/** Mean cross-entropy (nats) of predicting y at x, x' at y and y' at x' on a batch drawn as in training. */
export function truthCrossEntropies(batch: TruthBatch, acts: TruthActivations): Record<string, number> {
  const names = ['ce_y', 'ce_xp', 'ce_yp'];
  const sums = [0, 0, 0];
  for (let r = 0; r < acts.rows; r++) {
    for (let p = 0; p < names.length; p++) sums[p] -= Math.log(probOf(acts, r, p, token(batch, r, p + 1)));
  }
  return Object.fromEntries(names.map((name, p) => [name, sums[p] / acts.rows]));
}

const token = (batch: TruthBatch, r: number, p: number): number => Number(batch.tokens[r * TRUTH_SEQ + p]);

function probOf(acts: TruthActivations, r: number, p: number, z: number): number {
  const vocab = acts.probs.length / (acts.rows * acts.positions);
  return acts.probs[(r * acts.positions + p) * vocab + z];
}

function position(values: Float32Array, acts: TruthActivations, r: number, p: number): Float32Array {
  const o = (r * acts.positions + p) * acts.d;
  return values.subarray(o, o + acts.d);
}

/** [rows, d] copy of one position's vectors. */
function positionRows(values: Float32Array, acts: TruthActivations, p: number): Float64Array {
  const out = new Float64Array(acts.rows * acts.d);
  for (let r = 0; r < acts.rows; r++) out.set(position(values, acts, r, p), r * acts.d);
  return out;
}
