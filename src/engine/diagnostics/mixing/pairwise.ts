import { forEachProductBlock } from './blockProducts';

/**
 * Mixing without ground truth, from the decoder alone: the distribution of cos(W_dec,i, W_dec,j) over pairs i < j,
 * and the pairs with the largest |cos|. Latents that share a mixed-in component g, √(1−γ_i²)f_i + γ_i g, have
 * cos = γ_iγ_j (Sparse but Wrong A.6), so mixing shows as a heavy tail and as named pairs; unrelated directions in
 * d dimensions give |cos| of order √(2/(πd)).
 */
export interface CosineHistogram {
  /** bins + 1 edges from −1 to 1; bin b counts cosines in [edges[b], edges[b+1]) (the last bin includes 1). */
  edges: number[];
  counts: number[];
  pairs: number;
  /** mean_{i<j} cos. */
  mean: number;
  /** mean_{i<j} |cos| (Sparse but Wrong's c_dec when every latent is included). */
  meanAbs: number;
}

export interface LatentPair {
  i: number;
  j: number;
  cosine: number;
}

export interface PairwiseCosines {
  histogram: CosineHistogram;
  /** The pairs with the largest |cos|, largest first (ties: lower i, then lower j). */
  top: LatentPair[];
}

export interface PairwiseOptions {
  bins?: number;
  top?: number;
  /** Only pairs of latents with include[i] = 1 (e.g. those that fire); all pairs when omitted. */
  include?: Uint8Array;
  signal?: AbortSignal;
}

/** `unit`: the vectors as unit rows [count, dim] (unitRows of W_dec). */
export async function pairwiseCosines(unit: Float32Array, count: number, dim: number, o: PairwiseOptions = {}): Promise<PairwiseCosines> {
  const bins = o.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const counts = new Array<number>(bins).fill(0);
  const top = new TopPairs(o.top ?? 20);
  let pairs = 0, sum = 0, sumAbs = 0;
  const included = (i: number) => !o.include || o.include[i] === 1;
  await forEachProductBlock(unit, count, unit, count, dim, (start, rows, values) => {
    for (let r = 0; r < rows; r++) {
      const i = start + r;
      if (!included(i)) continue;
      for (let j = i + 1; j < count; j++) {
        if (!included(j)) continue;
        const c = Math.max(-1, Math.min(1, values[r * count + j]));
        counts[Math.min(bins - 1, Math.floor(((c + 1) / 2) * bins))]++;
        pairs++;
        sum += c;
        sumAbs += Math.abs(c);
        top.offer(i, j, c);
      }
    }
  }, o.signal);
  return {
    histogram: { edges: Array.from({ length: bins + 1 }, (_, b) => -1 + (2 * b) / bins), counts, pairs, mean: pairs ? sum / pairs : NaN, meanAbs: pairs ? sumAbs / pairs : NaN },
    top: top.sorted(),
  };
}

const before = (a: LatentPair, b: LatentPair) =>
  Math.abs(a.cosine) > Math.abs(b.cosine) || (Math.abs(a.cosine) === Math.abs(b.cosine) && (a.i < b.i || (a.i === b.i && a.j < b.j)));

/** The n best pairs seen so far, kept in a min-heap on the `before` order (its root is the worst kept pair). */
class TopPairs {
  private readonly heap: LatentPair[] = [];
  constructor(private readonly n: number) {}

  offer(i: number, j: number, cosine: number): void {
    if (this.n <= 0) return;
    const pair = { i, j, cosine };
    if (this.heap.length < this.n) {
      this.heap.push(pair);
      this.up(this.heap.length - 1);
    } else if (before(pair, this.heap[0])) {
      this.heap[0] = pair;
      this.down(0);
    }
  }

  sorted(): LatentPair[] {
    return [...this.heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  private up(k: number): void {
    const h = this.heap;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!before(h[parent], h[k])) break;
      [h[parent], h[k]] = [h[k], h[parent]];
      k = parent;
    }
  }

  private down(k: number): void {
    const h = this.heap;
    for (;;) {
      let worst = k;
      for (const c of [2 * k + 1, 2 * k + 2]) if (c < h.length && before(h[worst], h[c])) worst = c;
      if (worst === k) return;
      [h[worst], h[k]] = [h[k], h[worst]];
      k = worst;
    }
  }
}
