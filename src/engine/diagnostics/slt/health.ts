import type { ChainDivergence } from './chains';

/** Per-draw trace of the estimate, binned so that long chains stay readable and small in JSON. */
export interface LlcTrace {
  /** The first draw of each bin; a bin's values are means over its draws. */
  draws: number[];
  /** Per chain, nβ·(L_t − L(w*)) averaged over each bin (NaN once a chain has diverged). */
  perChain: number[][];
  /** Mean and standard deviation over the chains of the binned values. */
  mean: number[];
  std: number[];
}

/** The checks reported with every LLC estimate, and how to read them (README, "Local learning coefficient"). */
export interface LlcHealth {
  trace: LlcTrace;
  /**
   * Whether the trace has flattened: with q3_c and q4_c the means of chain c's trace over the third and the last
   * quarter of the draws and Δ_c = q4_c − q3_c, flattened ⇔ |mean_c Δ_c| ≤ max(2·sd_c(Δ_c)/√C, 0.1·|mean_c q4_c|)
   * (the second term alone with one chain).
   */
  flattened: boolean;
  /** mean_c q3_c, mean_c q4_c and mean_c Δ_c behind `flattened`. */
  lastQuarters: { third: number; fourth: number; change: number };
  /**
   * Share of draws (all finite chains) whose loss is below L(w*): steps at which λ̂'s summand is negative. With
   * full batch, more than half means w* is not a local minimum (warned); with minibatches it mostly measures
   * minibatch noise and approaches ½ as λ̂/nβ shrinks against it.
   */
  negativeShare: number;
  divergences: ChainDivergence[];
  /** Plain-language warnings; empty when every check passes. */
  warnings: string[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/** Bin draws into at most `bins` bins of equal size (the last one may be shorter). */
export function binTrace(traces: readonly Float64Array[], bins = 100): LlcTrace {
  const draws = traces[0]?.length ?? 0;
  const size = Math.max(1, Math.ceil(draws / bins));
  const starts = Array.from({ length: Math.ceil(draws / size) }, (_, b) => b * size);
  const perChain = traces.map((t) => starts.map((s) => mean(Array.from(t.subarray(s, Math.min(s + size, draws))))));
  const columns = starts.map((_, b) => perChain.map((c) => c[b]).filter(Number.isFinite));
  return {
    draws: starts,
    perChain,
    mean: columns.map((c) => (c.length ? mean(c) : NaN)),
    std: columns.map((c) => (c.length ? sd(c) : NaN)),
  };
}

export interface HealthInput {
  /** Per chain, nβ·(L_t − L(w*)) for every draw (NaN after a divergence). */
  traces: readonly Float64Array[];
  divergences: ChainDivergence[];
  /** Per-chain λ̂ of the chains that did not diverge. */
  estimates: readonly number[];
  /** Whether draws are full-data losses: only then is a draw below L(w*) lower loss rather than minibatch noise. */
  fullBatch: boolean;
  /** d, the number of parameters: λ ≤ d/2 for every model, so λ̂ far above it means the chains left w*'s basin. */
  parameterCount: number;
  /**
   * nβ·(standard error of L(w*) from its `chains` minibatches): every chain's λ̂ shares that error, so chains cannot
   * show it in their spread. 0 for full batch.
   */
  initLossNoise?: number;
}

/** The health checks of one estimate. */
export function llcHealth(h: HealthInput): LlcHealth {
  const finite = h.traces.filter((_, c) => !h.divergences.some((d) => d.chain === c));
  const draws = h.traces[0]?.length ?? 0;
  const quarter = Math.max(1, Math.floor(draws / 4));
  const q = (t: Float64Array, from: number) => mean(Array.from(t.subarray(from, from + quarter)));
  const third = finite.map((t) => q(t, Math.max(0, draws - 2 * quarter)));
  const fourth = finite.map((t) => q(t, draws - quarter));
  const change = third.map((v, c) => fourth[c] - v);
  const tolerance = Math.max(finite.length > 1 ? (2 * sd(change)) / Math.sqrt(finite.length) : 0, 0.1 * Math.abs(mean(fourth)));
  const flattened = finite.length > 0 && Math.abs(mean(change)) <= tolerance;
  let below = 0, counted = 0;
  for (const t of finite) {
    for (const v of t) {
      counted++;
      if (v < 0) below++;
    }
  }
  const negativeShare = counted ? below / counted : NaN;

  const warnings: string[] = [];
  for (const d of h.divergences) warnings.push(`chain ${d.chain} diverged at step ${d.step} (NaN or infinite loss): lower ε, raise γ, or add a bounding box`);
  if (finite.length > 0) {
    const m = mean(h.estimates);
    if (!flattened) warnings.push(`the trace has not flattened (last quarter ${fmt(mean(fourth))} vs third ${fmt(mean(third))}): raise burn-in or draws, or ε`);
    if (m < 0) warnings.push(`λ̂ is negative: the chains find lower loss than w* — w* is not a local minimum of L_n, or the initial loss is noisy (raise chains or batch)`);
    if (h.fullBatch && negativeShare > 0.5) warnings.push(`${(100 * negativeShare).toFixed(0)}% of draws lie below L(w*): w* is probably not a local minimum`);
    if ((h.initLossNoise ?? 0) > 0.1 * Math.abs(m)) {
      warnings.push(`L(w*) comes from a few minibatches, which moves λ̂ by about ±${fmt(h.initLossNoise ?? 0)} (nβ × its standard error): use full batch (--batch n), a larger batch, or more chains`);
    }
    if (m > h.parameterCount) warnings.push(`λ̂ = ${fmt(m)} exceeds d = ${h.parameterCount} (λ ≤ d/2 for any model): ε is too large or the chains left w*'s basin`);
  }
  return {
    trace: binTrace(h.traces),
    flattened,
    lastQuarters: { third: mean(third), fourth: mean(fourth), change: mean(change) },
    negativeShare,
    divergences: h.divergences,
    warnings,
  };
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Math.abs(v) < 0.01 ? v.toExponential(2) : v.toFixed(3));
