import type { Rng } from '../util/random';
import { ToyConfigError } from './errors';
import { standardNormal } from './gaussian';
import { normalCdf } from './normal';
import type { MagnitudeSpec, PerFeature } from './spec';

/** A MagnitudeSpec with one value per feature. */
export type ResolvedMagnitudes =
  | { readonly law: 'normal-relu' | 'normal-abs'; readonly mean: Float64Array; readonly std: Float64Array }
  | { readonly law: 'uniform'; readonly low: Float64Array; readonly high: Float64Array };

export function resolveMagnitudes(spec: MagnitudeSpec, g: number): ResolvedMagnitudes {
  if (spec.law === 'uniform') {
    const low = perFeature(spec.low, g, 'low');
    const high = perFeature(spec.high, g, 'high');
    for (let i = 0; i < g; i++) {
      if (!(low[i] >= 0 && high[i] >= low[i])) throw new ToyConfigError(`uniform magnitudes need 0 ≤ low ≤ high (feature ${i}: ${low[i]}, ${high[i]})`);
    }
    return { law: 'uniform', low, high };
  }
  const mean = perFeature(spec.mean, g, 'mean');
  const std = perFeature(spec.std, g, 'std');
  for (let i = 0; i < g; i++) {
    if (!(std[i] >= 0)) throw new ToyConfigError(`magnitude std must be ≥ 0 (feature ${i}: ${std[i]})`);
  }
  return { law: spec.law, mean, std };
}

function perFeature(value: PerFeature, g: number, name: string): Float64Array {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ToyConfigError(`magnitude ${name} must be finite, got ${value}`);
    return new Float64Array(g).fill(value);
  }
  if (value.length !== g) throw new ToyConfigError(`magnitude ${name} has ${value.length} values for ${g} features`);
  if (!value.every(Number.isFinite)) throw new ToyConfigError(`magnitude ${name} values must be finite`);
  return Float64Array.from(value);
}

/** P(m_i ≠ 0 | feature i fires): what separates the firing rate from the rate of non-zero magnitudes. */
export function probabilityNonzero(m: ResolvedMagnitudes, i: number): number {
  if (m.law === 'uniform') return m.high[i] > 0 ? 1 : 0;
  const { mean, std } = m;
  if (std[i] === 0) return mean[i] !== 0 && (m.law === 'normal-abs' || mean[i] > 0) ? 1 : 0;
  return m.law === 'normal-abs' ? 1 : normalCdf(mean[i] / std[i]);
}

/** Draws the magnitude of a firing feature; consumes randomness only when the law is not degenerate. */
export type MagnitudeDrawer = (feature: number, rng: Rng) => number;

export function magnitudeDrawer(m: ResolvedMagnitudes): MagnitudeDrawer {
  if (m.law === 'uniform') {
    const { low, high } = m;
    return (i, rng) => (low[i] === high[i] ? low[i] : low[i] + (high[i] - low[i]) * rng.uniform());
  }
  const { mean, std } = m;
  if (m.law === 'normal-abs') return (i, rng) => (std[i] === 0 ? mean[i] : Math.abs(mean[i] + std[i] * standardNormal(rng)));
  return (i, rng) => (std[i] === 0 ? Math.max(0, mean[i]) : Math.max(0, mean[i] + std[i] * standardNormal(rng)));
}
