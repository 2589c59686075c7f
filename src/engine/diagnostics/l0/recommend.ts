import { elbowIndex } from './elbow';

export interface L0Recommendation {
  /** Index of the chosen SAE in the sweep's entries. */
  index: number;
  l0: number;
  rule: 'minimum' | 'elbow';
  /** The rule in words, for reports. */
  description: string;
}

export const MINIMUM_RULE = 'the L0 of the SAE with the smallest decoder pairwise cosine c_dec (the ground truth is known: Sparse but Wrong finds c_dec minimal at the true L0 in toys)';
export const ELBOW_RULE = 'the elbow of c_dec against L0 before the minimum (Kneedle on log L0, see elbowIndex): where c_dec stops shooting up as L0 falls (Sparse but Wrong §4, for data without ground truth)';

/**
 * The L0 a sweep recommends. With ground truth (toy data): the minimum of c_dec, lowest L0 on ties. Without: the
 * elbow of the c_dec curve (`elbowIndex`). Entries whose c_dec is not a number are left out; undefined when none is left.
 */
export function recommendL0(entries: readonly { l0: number; cDec: number }[], groundTruthKnown: boolean): L0Recommendation | undefined {
  const usable = entries.map((e, index) => ({ ...e, index })).filter((e) => Number.isFinite(e.cDec) && e.l0 > 0);
  if (usable.length === 0) return undefined;
  if (groundTruthKnown) {
    const best = usable.reduce((a, b) => (b.cDec < a.cDec || (b.cDec === a.cDec && b.l0 < a.l0) ? b : a));
    return { index: best.index, l0: best.l0, rule: 'minimum', description: MINIMUM_RULE };
  }
  const chosen = usable[elbowIndex(usable.map((e) => ({ x: e.l0, y: e.cDec })))];
  return { index: chosen.index, l0: chosen.l0, rule: 'elbow', description: ELBOW_RULE };
}
