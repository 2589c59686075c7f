import { Rng } from '../util/random';
import { SaeTrainingSpec } from './trainingSpec';

export interface InitialWeights {
  W_enc: Float32Array;
  b_enc: Float32Array;
  W_dec: Float32Array;
  b_dec: Float32Array;
}

export type BDecInit = 'zeros' | 'mean' | 'geometric_median';

/**
 * SAELens v6 initialisation: W_dec uniform (kaiming-uniform bounds), each row rescaled to `decoderNorm`
 * (0.1, Anthropic's heuristic; 1 for a unit-norm decoder), W_enc = W_decᵀ, b_enc = 0, b_dec = 0 or from data.
 */
export function initialWeights(spec: SaeTrainingSpec, rng: Rng, decoderNorm = spec.unitNormDecoder ? 1 : 0.1): InitialWeights {
  const { dIn, dSae } = spec;
  const bound = 1 / Math.sqrt(dIn);
  const W_dec = rng.fillUniform(new Float32Array(dSae * dIn), -bound, bound);
  for (let i = 0; i < dSae; i++) {
    const row = W_dec.subarray(i * dIn, (i + 1) * dIn);
    let norm = 0;
    for (let j = 0; j < dIn; j++) norm += row[j] * row[j];
    const s = decoderNorm / Math.sqrt(norm);
    for (let j = 0; j < dIn; j++) row[j] *= s;
  }
  return { W_enc: transpose(W_dec, dSae, dIn), b_enc: new Float32Array(dSae), W_dec, b_dec: new Float32Array(dIn) };
}

export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = m[i * cols + j];
  return out;
}

export function columnMean(x: Float32Array, rows: number, cols: number): Float32Array {
  const sum = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sum[j] += x[i * cols + j];
  return Float32Array.from(sum, (s) => s / rows);
}

/**
 * Geometric median by Weiszfeld iteration (dictionary_learning): start at the mean, weights 1/‖x_b − guess‖
 * normalised to sum 1, at most 100 iterations, stop when the guess moves less than 1e-5.
 */
export function geometricMedian(x: Float32Array, rows: number, cols: number, iterations = 100, tol = 1e-5): Float32Array {
  let guess = Float64Array.from(columnMean(x, rows, cols));
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(cols);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      let d = 0;
      for (let j = 0; j < cols; j++) d += (x[i * cols + j] - guess[j]) ** 2;
      const w = 1 / Math.max(Math.sqrt(d), 1e-12);
      total += w;
      for (let j = 0; j < cols; j++) next[j] += w * x[i * cols + j];
    }
    let moved = 0;
    for (let j = 0; j < cols; j++) {
      next[j] /= total;
      moved += (next[j] - guess[j]) ** 2;
    }
    guess = next;
    if (Math.sqrt(moved) < tol) break;
  }
  return Float32Array.from(guess);
}
