import assert from 'node:assert/strict';
import { Rng } from '../../../../src/engine/util/random';

export function assertClose(actual: number, expected: number, tolerance = 1e-12, message?: string): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance * scale, `${message ?? 'value'}: ${actual} ≠ ${expected}`);
}

export function randomMatrix(seed: number, rows: number, cols: number): Float32Array {
  return new Rng(seed).fillNormal(new Float32Array(rows * cols));
}

/** cos(u, v) in float64 straight from the definition, with 0 for a zero vector. */
export function naiveCosine(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, length: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < length; k++) {
    ab += a[aOffset + k] * b[bOffset + k];
    aa += a[aOffset + k] ** 2;
    bb += b[bOffset + k] ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
