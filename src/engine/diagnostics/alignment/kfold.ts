import { Mt19937 } from './mt19937';

/** Which of K folds each row is tested in. */
export interface Folds {
  count: number;
  seed: number;
  /** Fold of each row, 0…count−1. */
  foldOf: Int32Array;
  /** Rows per fold. */
  sizes: number[];
}

export interface FoldOptions {
  /** K (sae-methods §5.2: 5). */
  folds?: number;
  /** The shuffle seed (§5.2: 42). */
  seed?: number;
}

/**
 * scikit-learn's `KFold(n_splits=K, shuffle=True, random_state=seed)`: the row indices are shuffled by NumPy's
 * legacy generator and cut into K contiguous test blocks, the first n mod K of them one row longer. The
 * training part of fold k is every other row. The same n and seed give sklearn's folds exactly.
 */
export function kFolds(rows: number, options: FoldOptions = {}): Folds {
  const count = options.folds ?? 5;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`cross-validation needs at least 2 folds, got ${count}`);
  if (!Number.isInteger(rows) || rows < count) throw new RangeError(`${count}-fold cross-validation needs at least ${count} rows, got ${rows}`);
  const order = new Mt19937(seed).shuffle(Int32Array.from({ length: rows }, (_, i) => i));
  const sizes = Array.from({ length: count }, (_, k) => Math.floor(rows / count) + (k < rows % count ? 1 : 0));
  const foldOf = new Int32Array(rows);
  let at = 0;
  sizes.forEach((size, k) => {
    for (let r = 0; r < size; r++) foldOf[order[at++]] = k;
  });
  return { count, seed, foldOf, sizes };
}
