import type { Rng } from '../util/random';
import { standardNormal } from './gaussian';
import { rowNorm } from './linalg';

export interface OrthogonalizeOptions {
  readonly steps: number;
  readonly lr: number;
  readonly targetCos: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/**
 * Sparse-but-Wrong `orthogonalize`: g random unit rows in R^d, then `steps` Adam steps (PyTorch defaults)
 * on L = Σ_{i≠j}(f_i·f_j − targetCos)² + g·Σ_i(‖f_i‖² − 1)², then rows renormalised. Returns F [g, d].
 * ∂L/∂F = 4·A·F with A_ij = G_ij − targetCos off the diagonal and A_ii = g·(G_ii − 1), G = F Fᵀ.
 */
export function orthogonalize(g: number, d: number, options: OrthogonalizeOptions, rng: Rng): Float64Array {
  const f = new Float64Array(g * d);
  for (let i = 0; i < f.length; i++) f[i] = standardNormal(rng);
  normalizeRows(f, g, d);
  const { steps, lr, targetCos } = options;
  const a = new Float64Array(g * g);
  const grad = new Float64Array(g * d);
  const m1 = new Float64Array(g * d);
  const m2 = new Float64Array(g * d);
  for (let step = 1; step <= steps; step++) {
    for (let i = 0; i < g; i++) {
      for (let j = i; j < g; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += f[i * d + k] * f[j * d + k];
        const value = i === j ? g * (dot - 1) : dot - targetCos;
        a[i * g + j] = value;
        a[j * g + i] = value;
      }
    }
    grad.fill(0);
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < g; j++) {
        const w = 4 * a[i * g + j];
        for (let k = 0; k < d; k++) grad[i * d + k] += w * f[j * d + k];
      }
    }
    const correction1 = 1 - Math.pow(BETA1, step);
    const sqrtCorrection2 = Math.sqrt(1 - Math.pow(BETA2, step));
    for (let k = 0; k < f.length; k++) {
      m1[k] = BETA1 * m1[k] + (1 - BETA1) * grad[k];
      m2[k] = BETA2 * m2[k] + (1 - BETA2) * grad[k] * grad[k];
      f[k] -= ((lr / correction1) * m1[k]) / (Math.sqrt(m2[k]) / sqrtCorrection2 + EPS);
    }
  }
  return normalizeRows(f, g, d);
}

function normalizeRows(f: Float64Array, g: number, d: number): Float64Array {
  for (let i = 0; i < g; i++) {
    const norm = rowNorm(f, i * d, d);
    for (let k = 0; k < d; k++) f[i * d + k] /= norm;
  }
  return f;
}
