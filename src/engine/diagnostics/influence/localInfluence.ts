import { SgldSampler } from '../slt/chains';
import { bayesianInfluence, emptyTraces, recordDraw, type ChainReduction, type InfluenceMatrices, type LossTraces } from './bif';
import { observedItems, type SampledModel } from './dlnPosterior';

/** The local posterior sampler behind every checkpoint's BIF (dynamics-methods §5.1, plain SGLD from w*). */
export interface InfluenceSamplerSettings {
  chains: number;
  draws: number;
  burnIn: number;
  epsilon: number;
  /** γ, the localisation strength. */
  localization: number;
  nbeta: number;
  seed: number;
  reduction: ChainReduction;
}

/**
 * The settings of the spec's deep-linear-network reconstruction (§5.2: nβ = 100, γ = 1000, ε = 1e-4, 4 chains,
 * 100 burn-in) with 2 000 draws instead of 400: at 400 the correlation of one pair at one checkpoint scatters by
 * ≈ ±0.15 between noise seeds (the chains mix slowly), at 2 000 by ≈ ±0.05.
 */
export const INFLUENCE_DEFAULTS: InfluenceSamplerSettings = { chains: 4, draws: 2000, burnIn: 100, epsilon: 1e-4, localization: 1000, nbeta: 100, seed: 0, reduction: 'stack' };

export interface LocalInfluence extends InfluenceMatrices {
  traces: LossTraces;
  /** Chains whose loss became NaN or infinite; they are left out of the traces. */
  divergedChains: number[];
}

/** One sampler for every checkpoint of a model: full batch, observing the losses of `observed` at every draw. */
export function createInfluenceSampler(model: SampledModel, observed: readonly number[], s: InfluenceSamplerSettings): Promise<SgldSampler> {
  return SgldSampler.create({
    params: model.params,
    data: model.data,
    loss: model.loss,
    chains: s.chains,
    batch: model.data.rows,
    nbeta: s.nbeta,
    localization: s.localization,
    observe: observedItems(observed),
  });
}

/**
 * Sample the local posterior at w* = `at` and take the BIF of the observed samples' loss traces, stacked over
 * the chains that did not diverge.
 */
export async function sampleLocalInfluence(sampler: SgldSampler, at: Readonly<Record<string, Float32Array>>, s: InfluenceSamplerSettings, signal?: AbortSignal): Promise<LocalInfluence> {
  const observedCount = sampler.options.observe?.rows;
  if (!observedCount) throw new RangeError('the influence sampler observes no samples');
  const perChain = Array.from({ length: s.chains }, () => emptyTraces(1, s.draws, observedCount));
  const result = await sampler.run({
    at,
    epsilon: s.epsilon,
    burnIn: s.burnIn,
    draws: s.draws,
    seed: s.seed,
    signal,
    onDraw: ({ chain, draw, observed }) => recordDraw(perChain[chain], 0, draw, observed!),
  });
  const divergedChains = result.divergences.map((d) => d.chain);
  const kept = perChain.filter((_, c) => !divergedChains.includes(c));
  if (kept.length === 0) throw new RangeError(`every SGLD chain diverged (ε ${s.epsilon}, nβ ${s.nbeta}, γ ${s.localization}); lower --epsilon`);
  const traces = emptyTraces(kept.length, s.draws, observedCount);
  kept.forEach((t, c) => traces.data.set(t.data, c * s.draws * observedCount));
  return { ...bayesianInfluence(traces, s.reduction), traces, divergedChains };
}
