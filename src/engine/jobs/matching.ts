/**
 * One-to-one matching of two SAEs' latents by decoder cosine. Hungarian (optimal total cosine) on the full
 * cosine matrix while it is small enough for O(n³); greedy above that: candidate pairs best-first, each taken
 * when both of its latents are still free (fast, and equal to Hungarian whenever best partners are mutual).
 */
import { minCostAssignment } from '../sae/metrics';
import type { Histogram, MatchedPair } from '../../shared/protocol';

/** Above this many latents on either side, matching is greedy. */
export const HUNGARIAN_LIMIT = 1024;

/** cosines: row-major [nA, nB]. Returns each A latent's partner in B, −1 where it has none (nA > nB). */
export function hungarianMatch(cosines: Float32Array, nA: number, nB: number): Int32Array {
  const cost = new Float64Array(cosines.length);
  for (let k = 0; k < cosines.length; k++) cost[k] = -cosines[k];
  return minCostAssignment(cost, nA, nB).rowToCol;
}

/** candidates: any pairs (typically each A latent's few nearest in B). Returns A → B, −1 where unmatched. */
export function greedyMatch(candidates: MatchedPair[], nA: number, nB: number): Int32Array {
  const aToB = new Int32Array(nA).fill(-1);
  const bTaken = new Uint8Array(nB);
  const sorted = [...candidates].sort((x, y) => y.cosine - x.cosine || x.a - y.a || x.b - y.b);
  for (const { a, b } of sorted) {
    if (aToB[a] !== -1 || bTaken[b]) continue;
    aToB[a] = b;
    bTaken[b] = 1;
  }
  return aToB;
}

export interface MatchSummary {
  pairs: MatchedPair[];
  meanCosine: number;
  shared: number;
  unmatchedA: number[];
  unmatchedB: number[];
  histogram: Histogram;
}

/** Pairs best-first; latents count as shared when their pair's cosine reaches the threshold. */
export function summarizeMatch(aToB: Int32Array, cosineOf: (a: number, b: number) => number, nB: number, threshold: number): MatchSummary {
  const pairs: MatchedPair[] = [];
  for (let a = 0; a < aToB.length; a++) if (aToB[a] >= 0) pairs.push({ a, b: aToB[a], cosine: cosineOf(a, aToB[a]) });
  pairs.sort((x, y) => y.cosine - x.cosine || x.a - y.a);
  const sharedA = new Uint8Array(aToB.length);
  const sharedB = new Uint8Array(nB);
  let shared = 0;
  let sum = 0;
  for (const p of pairs) {
    sum += p.cosine;
    if (p.cosine < threshold) continue;
    shared++;
    sharedA[p.a] = 1;
    sharedB[p.b] = 1;
  }
  return {
    pairs,
    meanCosine: pairs.length > 0 ? sum / pairs.length : 0,
    shared,
    unmatchedA: indicesWhereZero(sharedA),
    unmatchedB: indicesWhereZero(sharedB),
    histogram: cosineHistogram(pairs.map((p) => p.cosine)),
  };
}

function indicesWhereZero(flags: Uint8Array): number[] {
  const out: number[] = [];
  flags.forEach((flag, i) => flag === 0 && out.push(i));
  return out;
}

/** 40 bins over [−1, 1]. */
function cosineHistogram(cosines: number[], bins = 40): Histogram {
  const edges = Array.from({ length: bins + 1 }, (_, k) => -1 + (2 * k) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const c of cosines) counts[Math.min(bins - 1, Math.max(0, Math.floor(((c + 1) / 2) * bins)))]++;
  return { edges, counts };
}
