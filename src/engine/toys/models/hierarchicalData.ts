/**
 * The semantic hierarchy of Saxe et al. (2019) as used for influence dynamics (Lee et al. 2025, §5.2 of the
 * dynamics spec). The paper's exact dataset is not published; this layout is the spec's reconstruction:
 * a balanced binary tree whose leaves are the items and whose every node is one binary feature, on for an
 * item when the node is the item's ancestor or the item itself. Depth 3 gives the paper's eight items and
 * fifteen features (root, animal, plant, mammal, bird, tree, flower, then the leaves).
 */

const DEPTH_3_NODES = ['living thing', 'animal', 'plant', 'mammal', 'bird', 'tree', 'flower',
  'dog', 'cat', 'sparrow', 'robin', 'oak', 'pine', 'rose', 'daisy'];

/** One singular mode of the input–output correlation Y/n: Y v = n·s·u. */
export interface SingularMode {
  /** Index into `HierarchicalData.groups`: 0 for the shared mode, ℓ for the splits made at tree level ℓ − 1. */
  group: number;
  /** Singular value s of Y/n. */
  strength: number;
  /** u over features, unit norm. */
  left: Float64Array;
  /** v over items, unit norm. */
  right: Float64Array;
}

export interface HierarchicalData {
  depth: number;
  /** Leaf names, one item per column of `targets`. */
  items: string[];
  /** Node names in breadth-first order, one feature per row of `targets`. */
  features: string[];
  /** Y [features, items], row-major: the target y_i of item i is column i. */
  targets: Float32Array;
  /** Mode groups, strongest first: 'root', then 'level1' … 'level<depth>' (level<depth> separates sibling leaves). */
  groups: string[];
  /** All n singular modes, group by group. */
  modes: SingularMode[];
}

/**
 * The hierarchy of a balanced binary tree of the given depth. Its singular modes are known in closed form:
 * the constant vector over items (the shared "root" mode), and for every internal node the ±1 contrast of its
 * two subtrees (a Haar wavelet); modes of the same tree level share one singular value.
 */
export function hierarchicalData(depth: number): HierarchicalData {
  if (!Number.isInteger(depth) || depth < 1 || depth > 10) throw new RangeError(`depth must be an integer in [1, 10], got ${depth}`);
  const nodes = 2 ** (depth + 1) - 1;
  const n = 2 ** depth;
  const firstLeaf = n - 1;
  const features = depth === 3 ? DEPTH_3_NODES : Array.from({ length: nodes }, (_, k) => `node${k}`);
  const targets = new Float32Array(nodes * n);
  for (let i = 0; i < n; i++) {
    for (let k = firstLeaf + i; ; k = (k - 1) >> 1) {
      targets[k * n + i] = 1;
      if (k === 0) break;
    }
  }
  const modes = [mode(targets, nodes, n, 0, new Float64Array(n).fill(1))];
  for (let level = 0; level < depth; level++) {
    for (let k = 2 ** level - 1; k < 2 ** (level + 1) - 1; k++) {
      const contrast = new Float64Array(n);
      const leaves = 2 ** (depth - level);
      const start = (k - (2 ** level - 1)) * leaves;
      for (let i = 0; i < leaves; i++) contrast[start + i] = i < leaves / 2 ? 1 : -1;
      modes.push(mode(targets, nodes, n, level + 1, contrast));
    }
  }
  const groups = ['root', ...Array.from({ length: depth }, (_, l) => `level${l + 1}`)];
  return { depth, items: features.slice(firstLeaf), features, targets, groups, modes };
}

/** The mode with right vector ∝ `direction`: u = Y v / ‖Y v‖, s = ‖Y v‖ / n. */
function mode(targets: Float32Array, rows: number, n: number, group: number, direction: Float64Array): SingularMode {
  const right = normalise(direction);
  const left = new Float64Array(rows);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) left[r] += targets[r * n + i] * right[i];
  const norm = Math.hypot(...left);
  return { group, strength: norm / n, left: normalise(left), right };
}

function normalise(x: Float64Array): Float64Array {
  const norm = Math.hypot(...x);
  return x.map((v) => v / norm);
}
