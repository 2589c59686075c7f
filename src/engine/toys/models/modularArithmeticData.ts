import { Rng } from '../../util/random';

export type ModularOperation = 'add' | 'subtract' | 'multiply';

/** Examples (a, b) → (a op b) mod p as int64 columns, ready to feed to `gather` and `crossEntropy`. */
export interface ModularExamples {
  a: BigInt64Array;
  b: BigInt64Array;
  labels: BigInt64Array;
  size: number;
}

export interface ModularArithmeticData {
  modulus: number;
  train: ModularExamples;
  validation: ModularExamples;
}

const apply: Record<ModularOperation, (a: number, b: number, p: number) => number> = {
  add: (a, b, p) => (a + b) % p,
  subtract: (a, b, p) => (((a - b) % p) + p) % p,
  multiply: (a, b, p) => (a * b) % p,
};

/**
 * Every pair (a, b) ∈ Z_p², shuffled by `rng`, the first ⌊trainFraction·p²⌋ for training and the rest for
 * validation (the split of `anish-lakkapragada/sds689-final-proj stan/kramers.py`).
 */
export function modularArithmeticData(modulus: number, trainFraction: number, rng: Rng, operation: ModularOperation = 'add'): ModularArithmeticData {
  if (!Number.isInteger(modulus) || modulus < 2) throw new RangeError(`modulus must be an integer ≥ 2, got ${modulus}`);
  if (!(trainFraction > 0 && trainFraction < 1)) throw new RangeError(`trainFraction must be in (0, 1), got ${trainFraction}`);
  const total = modulus * modulus;
  const order = Array.from({ length: total }, (_, i) => i);
  for (let i = total - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const trainSize = Math.floor(trainFraction * total);
  const examples = (pairs: number[]): ModularExamples => {
    const a = BigInt64Array.from(pairs, (k) => BigInt(Math.floor(k / modulus)));
    const b = BigInt64Array.from(pairs, (k) => BigInt(k % modulus));
    const labels = BigInt64Array.from(pairs, (k) => BigInt(apply[operation](Math.floor(k / modulus), k % modulus, modulus)));
    return { a, b, labels, size: pairs.length };
  };
  return { modulus, train: examples(order.slice(0, trainSize)), validation: examples(order.slice(trainSize)) };
}

/** Training and validation examples one after the other, so one evaluation run measures both. */
export function concatenateExamples(x: ModularExamples, y: ModularExamples): ModularExamples {
  const join = (p: BigInt64Array, q: BigInt64Array) => {
    const out = new BigInt64Array(p.length + q.length);
    out.set(p);
    out.set(q, p.length);
    return out;
  };
  return { a: join(x.a, y.a), b: join(x.b, y.b), labels: join(x.labels, y.labels), size: x.size + y.size };
}
