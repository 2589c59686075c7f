import { SgldChainsResult, SgldRunOptions, SgldSampler, SgldSamplerOptions, initBatchSeed } from './chains';
import { LlcHealth, llcHealth } from './health';

/** An estimate λ̂ = nβ·(E[L_m(w)] − L(w*)) with what it was computed from and its health checks. */
export interface LlcEstimate {
  /** Mean and sample standard deviation over the chains that did not diverge, and each chain's λ̂_c. */
  llc: { mean: number; std: number; perChain: (number | null)[] };
  /** L(w*) as devinterp takes it: the mean minibatch loss at w* over `chains` batches, and those batch losses. */
  initLoss: number;
  initBatchLosses: number[];
  /** L_n(w*) over the whole data set, for comparison. */
  fullLoss: number;
  /** n (data rows), d (parameter count). */
  rows: number;
  parameterCount: number;
  settings: SgldChainsResult['settings'] & { chains: number };
  health: LlcHealth;
  /** The raw draw losses per chain (not in the CLI's JSON; the binned trace is). */
  losses: Float64Array[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)));

/**
 * The local learning coefficient at w* (Lau et al. 2023, devinterp's `estimate_learning_coeff_with_summary`):
 * per chain λ̂_c = nβ·(mean over draws of L_m(w_t) − L_init), with L_init the mean loss at w* over `chains`
 * minibatches; reported as mean ± std over chains. Throws when every chain diverged.
 */
export async function estimateLlcWith(sampler: SgldSampler, o: SgldRunOptions = {}): Promise<LlcEstimate> {
  const run = await sampler.run(o);
  const seed = run.settings.seed;
  const init = await sampler.batchLoss(o.at, sampler.chains, initBatchSeed(seed));
  const fullLoss = await sampler.fullLoss(o.at);
  const { nbeta } = sampler;
  const traces = run.losses.map((l) => l.map((v) => nbeta * (v - init.mean)));
  const diverged = new Set(run.divergences.map((d) => d.chain));
  const perChain = traces.map((t, c) => (diverged.has(c) ? null : mean(Array.from(t))));
  const finite = perChain.filter((v): v is number => v !== null);
  if (finite.length === 0) {
    const first = run.divergences[0];
    throw new Error(`SGLD diverged in every chain (first at step ${first.step}) with ε = ${run.settings.epsilon}, nβ = ${nbeta.toPrecision(4)}, γ = ${run.settings.localization}: lower ε, raise γ, or add a bounding box`);
  }
  return {
    llc: { mean: mean(finite), std: sd(finite), perChain },
    initLoss: init.mean,
    initBatchLosses: init.batches,
    fullLoss,
    rows: sampler.rows,
    parameterCount: sampler.parameterCount,
    settings: { ...run.settings, chains: sampler.chains },
    health: llcHealth({
      traces,
      divergences: run.divergences,
      estimates: finite,
      parameterCount: sampler.parameterCount,
      fullBatch: sampler.batch === sampler.rows,
      initLossNoise: sampler.batch === sampler.rows || init.batches.length < 2 ? 0 : (nbeta * sd(init.batches)) / Math.sqrt(init.batches.length),
    }),
    losses: run.losses,
  };
}

/** Build a sampler for the model, estimate its LLC once, release the sampler. */
export async function estimateLlc(o: SgldSamplerOptions & SgldRunOptions): Promise<LlcEstimate> {
  const sampler = await SgldSampler.create(o);
  try {
    return await estimateLlcWith(sampler, o);
  } finally {
    await sampler.release();
  }
}
