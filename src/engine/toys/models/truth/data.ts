import { Rng } from '../../../util/random';

/**
 * The truth co-occurrence world of Ravfogel et al. (2025), spec §4.1: N subjects, N attributes and a random
 * bijection g from subjects to attributes. Token ids: subject s is s, attribute a is N + a (vocabulary 2N).
 */
export interface TruthWorld {
  readonly n: number;
  /** P(T = 1): the chance a sample's two facts are both true. */
  readonly rho: number;
  /** attributeOf[s] = g(s), an attribute index in [0, N). */
  readonly attributeOf: Int32Array;
  /** subjectOf[a] = g⁻¹(a). */
  readonly subjectOf: Int32Array;
}

/** Tokens per sample: x y x' y'. */
export const TRUTH_SEQ = 4;

/** The bijection g is a uniformly random permutation drawn from `rng`. */
export function truthWorld(n: number, rho: number, rng: Rng): TruthWorld {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`the truth world needs at least 2 subjects, got ${n}`);
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(`rho must lie in [0, 1], got ${rho}`);
  const attributeOf = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [attributeOf[i], attributeOf[j]] = [attributeOf[j], attributeOf[i]];
  }
  const subjectOf = new Int32Array(n);
  attributeOf.forEach((a, s) => (subjectOf[a] = s));
  return { n, rho, attributeOf, subjectOf };
}

/** A batch of samples, row-major [batch, 4] token ids, with the latent T of each row. */
export interface TruthBatch {
  readonly size: number;
  readonly tokens: BigInt64Array;
  /** The latent T (1: both facts drawn true). A T = 0 row is still true by accident with chance 1/N per fact. */
  readonly truth: Uint8Array;
}

/**
 * Draws `size` samples x y x' y': x, x' uniform subjects; with probability ρ (T = 1) y = g(x) and y' = g(x'),
 * otherwise y and y' are uniform attributes.
 */
export function sampleTruthBatch(world: TruthWorld, rng: Rng, size: number): TruthBatch {
  const tokens = new BigInt64Array(size * TRUTH_SEQ);
  const truth = new Uint8Array(size);
  for (let b = 0; b < size; b++) {
    const t = rng.uniform() < world.rho;
    writeSample(world, tokens, b, rng.int(world.n), rng.int(world.n), t ? -1 : rng.int(world.n), t ? -1 : rng.int(world.n));
    truth[b] = t ? 1 : 0;
  }
  return { size, tokens, truth };
}

/**
 * The balanced probe set of spec §4.4: `perClass` true samples, then `perClass` false samples whose facts are
 * both false (attributes drawn uniformly from those ≠ g(subject), so no false row is true by accident).
 */
export function sampleProbeSet(world: TruthWorld, rng: Rng, perClass: number): TruthBatch {
  const size = 2 * perClass;
  const tokens = new BigInt64Array(size * TRUTH_SEQ);
  const truth = new Uint8Array(size);
  const wrongAttribute = (s: number) => (world.attributeOf[s] + 1 + rng.int(world.n - 1)) % world.n;
  for (let b = 0; b < size; b++) {
    const x = rng.int(world.n);
    const x2 = rng.int(world.n);
    const isTrue = b < perClass;
    writeSample(world, tokens, b, x, x2, isTrue ? -1 : wrongAttribute(x), isTrue ? -1 : wrongAttribute(x2));
    truth[b] = isTrue ? 1 : 0;
  }
  return { size, tokens, truth };
}

/** Writes row b; an attribute of -1 means the true one, g(subject). */
function writeSample(world: TruthWorld, tokens: BigInt64Array, b: number, x: number, x2: number, y: number, y2: number): void {
  const { n, attributeOf } = world;
  const o = b * TRUTH_SEQ;
  tokens[o] = BigInt(x);
  tokens[o + 1] = BigInt(n + (y < 0 ? attributeOf[x] : y));
  tokens[o + 2] = BigInt(x2);
  tokens[o + 3] = BigInt(n + (y2 < 0 ? attributeOf[x2] : y2));
}

