import type { Rng } from '../util/random';
import { ToyConfigError } from './errors';
import type { FiringSampler } from './firing';
import type { TreeNodeSpec } from './spec';

/**
 * Hierarchical firing (spec §2.4, Feature-Hedging `TreeFeatureGenerator`). Nodes are visited in pre-order,
 * so a parent is decided before its children and read-out nodes get feature indices depth-first:
 * - the root fires with its activeProb;
 * - a child of an active parent fires with its activeProb, of an inactive one with activeProbWithoutParent;
 * - under an active parent with exclusive children exactly one child fires, picked ∝ the children's
 *   activeProb (so P(child j | parent) = p_j / Σ_k p_k); under an inactive one, none.
 * Randomness is drawn only where the outcome is not already forced; the distribution is the reference's.
 */
export class TreeFiring implements FiringSampler {
  readonly nFeatures: number;
  readonly probabilities: Float64Array;
  /** For each feature, its nearest read-out ancestor's feature index, or −1. */
  readonly parents: Int32Array;
  private readonly parentNode: Int32Array;
  private readonly prob: Float64Array;
  private readonly probWithoutParent: Float64Array;
  private readonly feature: Int32Array;
  private readonly exclusive: Uint8Array;
  /** Children of node k (pre-order indices) are childNodes[childStart[k] .. childStart[k + 1]). */
  private readonly childStart: Int32Array;
  private readonly childNodes: Int32Array;
  /** Per node with exclusive children: the sum of its children's activeProb. */
  private readonly childTotal: Float64Array;
  /** Per child slot under a node with exclusive children: cumulative normalised activeProb. */
  private readonly cumulative: Float64Array;
  private readonly active: Uint8Array;
  /** Per node with exclusive children, in the current sample: the child node that fires, or −1. */
  private readonly chosen: Int32Array;

  constructor(root: TreeNodeSpec) {
    const nodes = flatten(root);
    const n = nodes.length;
    this.parentNode = Int32Array.from(nodes, (x) => x.parent);
    this.prob = Float64Array.from(nodes, (x) => x.spec.activeProb);
    this.probWithoutParent = Float64Array.from(nodes, (x) => x.spec.activeProbWithoutParent ?? 0);
    this.exclusive = Uint8Array.from(nodes, (x) => (x.spec.exclusiveChildren ? 1 : 0));
    this.childStart = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) this.childStart[k + 1] = this.childStart[k] + nodes[k].children.length;
    this.childNodes = Int32Array.from(nodes.flatMap((x) => x.children));
    let features = 0;
    this.feature = Int32Array.from(nodes, (x) => ((x.spec.readOut ?? true) ? features++ : -1));
    if (features === 0) throw new ToyConfigError('a feature tree needs at least one read-out node');
    this.nFeatures = features;
    this.childTotal = new Float64Array(n);
    this.cumulative = new Float64Array(this.childNodes.length);
    this.active = new Uint8Array(n);
    this.chosen = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) this.check(k);
    this.probabilities = this.marginals();
    this.parents = this.readOutParents();
  }

  private check(k: number): void {
    const where = `tree node ${k} (pre-order)`;
    const inRange = (p: number) => p >= 0 && p <= 1;
    if (!inRange(this.prob[k])) throw new ToyConfigError(`${where}: activeProb must be in [0, 1], got ${this.prob[k]}`);
    if (!inRange(this.probWithoutParent[k])) throw new ToyConfigError(`${where}: activeProbWithoutParent must be in [0, 1], got ${this.probWithoutParent[k]}`);
    if (!this.exclusive[k]) return;
    const start = this.childStart[k];
    const end = this.childStart[k + 1];
    let total = 0;
    for (let s = start; s < end; s++) {
      const c = this.childNodes[s];
      if (this.probWithoutParent[c] !== 0) throw new ToyConfigError(`${where}: children of a node with exclusive children cannot fire without it`);
      total += this.prob[c];
    }
    if (!(total > 0)) throw new ToyConfigError(`${where}: exclusive children need a positive total activeProb`);
    this.childTotal[k] = total;
    for (let s = start, acc = 0; s < end; s++) {
      acc += this.prob[this.childNodes[s]];
      this.cumulative[s] = acc / total;
    }
  }

  private marginals(): Float64Array {
    const n = this.parentNode.length;
    const nodeProb = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const par = this.parentNode[k];
      if (par < 0) nodeProb[k] = this.prob[k];
      else if (this.exclusive[par]) nodeProb[k] = (nodeProb[par] * this.prob[k]) / this.childTotal[par];
      else nodeProb[k] = nodeProb[par] * this.prob[k] + (1 - nodeProb[par]) * this.probWithoutParent[k];
    }
    const out = new Float64Array(this.nFeatures);
    for (let k = 0; k < n; k++) if (this.feature[k] >= 0) out[this.feature[k]] = nodeProb[k];
    return out;
  }

  private readOutParents(): Int32Array {
    const out = new Int32Array(this.nFeatures);
    for (let k = 0; k < this.parentNode.length; k++) {
      if (this.feature[k] < 0) continue;
      let a = this.parentNode[k];
      while (a >= 0 && this.feature[a] < 0) a = this.parentNode[a];
      out[this.feature[k]] = a < 0 ? -1 : this.feature[a];
    }
    return out;
  }

  sample(rng: Rng, fired: Int32Array): number {
    const { parentNode, prob, probWithoutParent, feature, exclusive, active, chosen } = this;
    let n = 0;
    for (let k = 0; k < parentNode.length; k++) {
      const par = parentNode[k];
      let on: boolean;
      if (par < 0) on = rng.uniform() < prob[k];
      else if (exclusive[par]) on = chosen[par] === k;
      else if (active[par]) on = rng.uniform() < prob[k];
      else on = probWithoutParent[k] > 0 && rng.uniform() < probWithoutParent[k];
      active[k] = on ? 1 : 0;
      if (exclusive[k]) chosen[k] = on ? this.pickChild(k, rng.uniform()) : -1;
      if (on && feature[k] >= 0) fired[n++] = feature[k];
    }
    return n;
  }

  /** The child of node k whose cumulative-probability interval holds u ∈ [0, 1). */
  private pickChild(k: number, u: number): number {
    const end = this.childStart[k + 1];
    let s = this.childStart[k];
    while (s < end - 1 && u >= this.cumulative[s]) s++;
    return this.childNodes[s];
  }
}

interface FlatNode {
  readonly spec: TreeNodeSpec;
  readonly parent: number;
  readonly children: number[];
}

function flatten(root: TreeNodeSpec): FlatNode[] {
  const nodes: FlatNode[] = [];
  const visit = (spec: TreeNodeSpec, parent: number) => {
    const k = nodes.push({ spec, parent, children: [] }) - 1;
    if (parent >= 0) nodes[parent].children.push(k);
    for (const child of spec.children ?? []) visit(child, k);
  };
  visit(root, -1);
  return nodes;
}
