import assert from 'node:assert/strict';
import type { ToyStream } from '../../../src/engine/toys';
import { normalCdf, normalPdf } from '../../../src/engine/toys';

/** Firing counts, pairwise co-firing counts and non-zero-magnitude counts over `samples` draws. */
export interface FiringStats {
  readonly samples: number;
  readonly fired: Float64Array;
  /** [g, g] co-firing counts, i < j filled. */
  readonly together: Float64Array;
  /** Per sample, the number of non-zero magnitudes. */
  readonly l0: Float64Array;
}

export function firingStats(stream: ToyStream, samples: number, batchSize = 1000): FiringStats {
  const g = stream.truth.nFeatures;
  const fired = new Float64Array(g);
  const together = new Float64Array(g * g);
  const l0 = new Float64Array(samples);
  const active = new Int32Array(g);
  for (let start = 0; start < samples; start += batchSize) {
    const batch = stream.nextBatchWithTruth(Math.min(batchSize, samples - start));
    for (let b = 0; b * g < batch.fired.length; b++) {
      let n = 0;
      for (let i = 0; i < g; i++) {
        if (batch.fired[b * g + i]) active[n++] = i;
        if (batch.magnitudes[b * g + i] !== 0) l0[start + b]++;
      }
      for (let p = 0; p < n; p++) {
        fired[active[p]]++;
        for (let q = p + 1; q < n; q++) together[active[p] * g + active[q]]++;
      }
    }
  }
  return { samples, fired, together, l0 };
}

/** Asserts that an observed frequency is within `z` standard errors of p. */
export function assertFrequency(count: number, samples: number, p: number, label: string, z = 5): void {
  const se = Math.sqrt(Math.max(p * (1 - p), 1 / samples) / samples);
  const observed = count / samples;
  assert.ok(Math.abs(observed - p) <= z * se, `${label}: observed ${observed.toFixed(5)}, expected ${p.toFixed(5)} ± ${(z * se).toFixed(5)}`);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

export function standardError(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / (values.length - 1) / values.length);
}

/**
 * P(Z₁ > a, Z₂ > b) for standard normals with correlation ρ (|ρ| < 1):
 * ∫_a^∞ φ(x)·(1 − Φ((b − ρx)/√(1 − ρ²))) dx by Simpson's rule.
 */
export function bivariateUpperOrthant(a: number, b: number, rho: number): number {
  const s = Math.sqrt(1 - rho * rho);
  const hi = Math.max(a, 0) + 12;
  const n = 4000;
  const h = (hi - a) / n;
  const f = (x: number) => normalPdf(x) * (1 - normalCdf((b - rho * x) / s));
  let sum = f(a) + f(hi);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/** Max |F Fᵀ − I| over the g×g Gram matrix of row-major F [g, d]. */
export function gramError(f: Float32Array, g: number, d: number): number {
  let worst = 0;
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += f[i * d + k] * f[j * d + k];
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}
