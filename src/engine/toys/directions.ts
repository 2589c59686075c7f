import type { Rng } from '../util/random';
import { ToyConfigError } from './errors';
import { standardNormal } from './gaussian';
import { orthonormalizeRows } from './linalg';
import { orthogonalize } from './orthogonalize';
import type { DirectionsSpec } from './spec';

/** The feature directions F [g, d], row i = f_i, unit norm. */
export function featureDirections(spec: DirectionsSpec, g: number, d: number, rng: Rng): Float32Array {
  switch (spec.kind) {
    case 'basis': {
      requireFits(spec.kind, g, d);
      const f = new Float32Array(g * d);
      for (let i = 0; i < g; i++) f[i * d + i] = 1;
      return f;
    }
    case 'orthogonal': {
      requireFits(spec.kind, g, d);
      const gaussian = new Float64Array(g * d);
      for (let i = 0; i < gaussian.length; i++) gaussian[i] = standardNormal(rng);
      return Float32Array.from(orthonormalizeRows(gaussian, g, d));
    }
    case 'random':
      return Float32Array.from(orthogonalize(g, d, { steps: 0, lr: 0, targetCos: 0 }, rng));
    case 'optimized':
      if (!(Number.isInteger(spec.steps) && spec.steps >= 0)) throw new ToyConfigError(`optimized directions need an integer steps ≥ 0, got ${spec.steps}`);
      if (!(spec.lr > 0)) throw new ToyConfigError(`optimized directions need lr > 0, got ${spec.lr}`);
      if (!(Math.abs(spec.targetCos) < 1)) throw new ToyConfigError(`targetCos must be in (−1, 1), got ${spec.targetCos}`);
      return Float32Array.from(orthogonalize(g, d, spec, rng));
  }
}

function requireFits(kind: string, g: number, d: number): void {
  if (g > d) throw new ToyConfigError(`${kind} directions need features ≤ d, got ${g} features in ${d} dimensions`);
}
