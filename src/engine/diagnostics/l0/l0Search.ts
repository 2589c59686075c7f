import { Graph } from '../../graph/graph';
import { div, gemm, maximum, mul, reduceMin, reduceSum, reshape, sqrt, sub, topk } from '../../graph/ops';

/**
 * Automatic L0 search during training (Sparse but Wrong A.11). k starts high; every `every` steps it moves by δ,
 * |δ| ∈ [deltaMin, deltaMax]. The metric m is s_n^dec on the training batches, averaged over the last `window` steps
 * before each move; the slope g = (m_new − m_old)/δ_old, clipped to [−1, 1] and biased to g − b·|g|, is the gradient
 * of k fed to Adam, and Adam's step (its sign, its size clamped to the δ range) is the next move.
 *
 * The paper leaves open (UNCONFIRMED, our choices): Adam's learning rate on k is 1 (PyTorch's default 1e-3 would make
 * every step smaller than deltaMin, so the δ range would always clamp it); deltaMin 0.5 and deltaMax 2 (inside the
 * paper's (0, 1) and [1, 5]); the first move is down by deltaMin (no slope is known yet; k starts too high); a step
 * of exactly zero keeps the previous direction; k is applied in multiples of `quantum` (0.5, or 1 for TopK) between
 * `min` and `max`, and a move blocked at a bound gives no slope.
 */
export interface L0SearchOptions {
  /** n of s_n^dec (default ⌊d_sae/4⌋: 12 for the large toy, as the paper; below d_sae/2 as its LLM runs want). */
  n?: number;
  every?: number;
  window?: number;
  deltaMin?: number;
  deltaMax?: number;
  bias?: number;
  lr?: number;
  min?: number;
  max?: number;
  quantum?: number;
}

export interface L0SearchPoint {
  /** Training steps done when k moved. */
  step: number;
  /** s_n^dec averaged over the window before the move. */
  metric: number;
  /** k from this step on. */
  k: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/** Its running values are kept in float32, so a checkpoint (float32 tensors) restores a search exactly. */
export class L0Search {
  readonly n: number;
  readonly trace: L0SearchPoint[] = [];
  private readonly o: Required<Omit<L0SearchOptions, 'n'>>;
  private k: number;
  private sum = 0;
  private count = 0;
  private previous: { metric: number; delta: number } | undefined;
  private m = 0;
  private v = 0;
  private t = 0;
  private direction = -1;

  constructor(start: number, dSae: number, integer: boolean, o: L0SearchOptions = {}) {
    this.n = o.n ?? Math.max(1, Math.floor(dSae / 4));
    this.o = {
      every: o.every ?? 100,
      window: o.window ?? 10,
      deltaMin: o.deltaMin ?? 0.5,
      deltaMax: o.deltaMax ?? 2,
      bias: o.bias ?? 0.1,
      lr: o.lr ?? 1,
      min: o.min ?? 1,
      max: o.max ?? dSae,
      quantum: o.quantum ?? (integer ? 1 : 0.5),
    };
    const { every, window, deltaMin, deltaMax, min, max, quantum } = this.o;
    if (!(Number.isInteger(this.n) && this.n >= 1 && this.n < dSae)) throw new Error(`the L0 search's n must be a whole number in [1, ${dSae - 1}], got ${this.n}`);
    if (!(Number.isInteger(every) && Number.isInteger(window) && window >= 1 && window <= every)) throw new Error(`the L0 search needs whole numbers 1 ≤ window ≤ every, got ${window} and ${every}`);
    if (!(deltaMin > 0 && deltaMax >= deltaMin)) throw new Error(`the L0 search needs 0 < deltaMin ≤ deltaMax, got ${deltaMin} and ${deltaMax}`);
    if (!(quantum > 0 && min >= quantum && max <= dSae && min <= start && start <= max) || (integer && !Number.isInteger(quantum))) {
      throw new Error(`the L0 search needs ${quantum} ≤ min ≤ start k ≤ max ≤ ${dSae}, got ${min}, ${start}, ${max}`);
    }
    this.k = this.quantise(start);
  }

  /** k for the next step. */
  get current(): number {
    return this.k;
  }

  /** Whether the metric is measured after the step that brings the count of steps done to `done`. */
  measures(done: number): boolean {
    return (done - 1) % this.o.every >= this.o.every - this.o.window;
  }

  /** Records the metric measured after step `done` and moves k at the end of each period. */
  observe(done: number, metric: number): void {
    this.sum = Math.fround(this.sum + metric);
    this.count++;
    if (done % this.o.every === 0) this.move(done);
  }

  /** Everything needed to go on exactly after a checkpoint. */
  state(): Float32Array {
    const p = this.previous;
    return Float32Array.of(this.k, this.sum, this.count, p ? 1 : 0, p?.metric ?? 0, p?.delta ?? 0, this.m, this.v, this.t, this.direction);
  }

  restore(s: ArrayLike<number>): void {
    [this.k, this.sum, this.count] = [s[0], s[1], s[2]];
    this.previous = s[3] ? { metric: s[4], delta: s[5] } : undefined;
    [this.m, this.v, this.t, this.direction] = [s[6], s[7], s[8], s[9]];
  }

  private move(done: number): void {
    const metric = Math.fround(this.sum / this.count);
    this.sum = 0;
    this.count = 0;
    let step = this.direction * this.o.deltaMin;
    if (this.previous) {
      const g = Math.min(1, Math.max(-1, (metric - this.previous.metric) / this.previous.delta));
      const biased = g - this.o.bias * Math.abs(g);
      this.t++;
      this.m = Math.fround(BETA1 * this.m + (1 - BETA1) * biased);
      this.v = Math.fround(BETA2 * this.v + (1 - BETA2) * biased * biased);
      const mHat = this.m / (1 - BETA1 ** this.t);
      const vHat = this.v / (1 - BETA2 ** this.t);
      step = -this.o.lr * (mHat / (Math.sqrt(vHat) + EPS));
    }
    if (step !== 0) this.direction = Math.sign(step);
    const size = Math.min(this.o.deltaMax, Math.max(this.o.deltaMin, Math.abs(step)));
    const next = Math.min(this.o.max, Math.max(this.o.min, this.quantise(this.k + this.direction * size)));
    const delta = next - this.k;
    this.previous = delta !== 0 ? { metric, delta } : undefined;
    this.k = next;
    this.trace.push({ step: done, metric, k: next });
  }

  private quantise(k: number): number {
    const q = this.o.quantum;
    return Math.max(q, Math.round(k / q) * q);
  }
}

/**
 * s_n^dec of one batch, read from a training runner's state (inputs named W_dec and b_dec): the (n·B + 1)-th largest
 * entry of (x − b_dec)·Ŵ_decᵀ, as `decoderProjection` defines it.
 */
export function batchProjectionGraph(dIn: number, dSae: number, batch: number, n: number): Graph {
  const g = new Graph('s_n_dec');
  const x = g.input('x', 'float32', [batch, dIn]);
  const W_dec = g.input('W_dec', 'float32', [dSae, dIn]);
  const bDec = g.input('b_dec', 'float32', [dIn]);
  const norms = maximum(sqrt(reduceSum(mul(W_dec, W_dec), [1], true)), 1e-30);
  const z = gemm(sub(x, bDec), div(W_dec, norms), { transB: true });
  g.output('s_n', reduceMin(topk(reshape(z, [1, batch * dSae]), n * batch + 1).values));
  return g;
}
