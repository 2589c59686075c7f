import { Rng } from '../../../util/random';

/**
 * An endless stream of rows of independent sparse features: x_i = v_i with probability p_i
 * (v_i ~ U(low, high)), else 0. Each feature has its own generator and draws geometric gaps between its
 * firings, so a batch costs O(rows·Σp) draws rather than O(rows·features), and the stream does not depend
 * on how it is cut into batches: filling 2B rows gives the same rows as filling B twice.
 */
export class SparseFeatureSampler {
  private readonly logMiss: Float64Array;
  private readonly rngs: Rng[];
  /** Per feature, rows still to pass before its next firing. */
  private readonly untilNext: Float64Array;

  constructor(
    readonly probabilities: readonly number[],
    readonly low: number,
    readonly high: number,
    rng: Rng,
  ) {
    for (const p of probabilities) if (!(p >= 0 && p <= 1)) throw new RangeError(`firing probabilities must be in [0, 1], got ${p}`);
    this.logMiss = Float64Array.from(probabilities, (p) => Math.log1p(-p));
    this.rngs = probabilities.map(() => new Rng(rng.nextUint32()));
    this.untilNext = Float64Array.from(probabilities, (_, i) => this.gap(i));
  }

  get features(): number {
    return this.probabilities.length;
  }

  /** Overwrites `out` ([rows, features], row-major) with the next rows of the stream. */
  fill(out: Float32Array): Float32Array {
    const n = this.features;
    const rows = out.length / n;
    if (!Number.isInteger(rows)) throw new RangeError(`a batch of ${out.length} values is not whole rows of ${n} features`);
    out.fill(0);
    const span = this.high - this.low;
    for (let i = 0; i < n; i++) {
      const rng = this.rngs[i];
      let r = this.untilNext[i];
      for (; r < rows; r += 1 + this.gap(i)) out[r * n + i] = this.low + span * rng.uniform();
      this.untilNext[i] = r - rows;
    }
    return out;
  }

  /** Rows skipped before feature i next fires: Geometric(p_i) on {0, 1, …}, from one uniform draw. */
  private gap(i: number): number {
    const logMiss = this.logMiss[i];
    if (logMiss === 0) return Infinity;
    if (logMiss === -Infinity) return 0;
    return Math.floor(Math.log1p(-this.rngs[i].uniform()) / logMiss);
  }
}
