import { boolKey, intKey, numberKey, numberListKey } from '../presetKeys';
import type { TreeNodeSpec } from '../spec';
import { definePreset, directionKeys, directionsProblem, directionsSpec, outputKeys, outputSpec } from './common';

interface HedgingDefaults {
  readonly summary: string;
  readonly pChild: number;
  readonly pChildAlone: number;
}

/**
 * Feature-Hedging single-latent toys (spec §4.1): a parent f₀ and a child f₁, orthonormal in d = 50,
 * magnitudes exactly 1. f₀ fires with pParent = 0.25; f₁ fires with pChild when f₀ fires and with
 * pChildAlone when it does not (the notebook's `modify_firing_features` callbacks). The four variants differ
 * only in those two defaults. The notebook's prose gives 0.25 for the correlated child; its code (and the
 * spec) uses 0.2, as here.
 */
const hedgingToy = ({ summary, pChild, pChildAlone }: HedgingDefaults) =>
  definePreset({
    summary,
    keys: {
      d: intKey(50, 'activation dimension', { min: 2 }),
      pParent: numberKey(0.25, 'P(f₀ fires)', { min: 0, max: 1 }),
      pChild: numberKey(pChild, 'P(f₁ fires | f₀ fires)', { min: 0, max: 1 }),
      pChildAlone: numberKey(pChildAlone, 'P(f₁ fires | f₀ does not fire)', { min: 0, max: 1 }),
      mean: numberKey(1, 'magnitude mean μ, before the ReLU'),
      std: numberKey(0, 'magnitude std σ', { min: 0 }),
      ...directionKeys(42, 'auto'),
      ...outputKeys,
    },
    check: (p) => directionsProblem(p, 2, p.d),
    build: (p) => ({
      d: p.d,
      worldSeed: p.worldSeed,
      directions: directionsSpec(p, 2, p.d),
      firing: { kind: 'tree', root: { activeProb: p.pParent, children: [{ activeProb: p.pChild, activeProbWithoutParent: p.pChildAlone }] } },
      magnitudes: { law: 'normal-relu', mean: p.mean, std: p.std },
      ...outputSpec(p),
    }),
  });

export const hedgingIndependentToy = hedgingToy({ summary: 'hedging toy: parent 0.25 and child 0.2, independent', pChild: 0.2, pChildAlone: 0.2 });
export const hedgingHierarchicalToy = hedgingToy({ summary: 'hedging toy: child (0.2) fires only with its parent (0.25)', pChild: 0.2, pChildAlone: 0 });
export const hedgingCorrelatedToy = hedgingToy({ summary: 'hedging toy: child fires 0.2 with its parent, 0.1 without', pChild: 0.2, pChildAlone: 0.1 });
export const hedgingAnticorrelatedToy = hedgingToy({ summary: 'hedging toy: child fires 0.1 with its parent, 0.2 without', pChild: 0.1, pChildAlone: 0.2 });

/**
 * The Feature-Hedging balancing tree (spec §2.4, §4.4): an always-on, non-read-out root over `parents`
 * copies of a parent (pParent = 0.25) whose children fire with `children` = 0.15, 0.15, 0.15 given it;
 * g = parents·(1 + #children), magnitudes |N(mean, std²)|. As in the notebook the children are not
 * mutually exclusive, so its fourth, non-read-out child (p = 0.55, no children) changes nothing and is left
 * out. With `exclusive=true` at most one child of an active parent fires: a non-read-out filler child of
 * weight 1 − Σchildren takes the remaining probability, so P(child j | parent) = p_j still.
 * `children=0.02,0.15,0.5` is the notebook's "unbalanceable" tree.
 */
export const treeToy = definePreset({
  summary: 'hierarchy: parent 0.25 with children 0.15, 0.15, 0.15 that fire only with it',
  keys: {
    d: intKey(50, 'activation dimension', { min: 1 }),
    parents: intKey(1, 'number of independent parent subtrees', { min: 1 }),
    pParent: numberKey(0.25, 'P(parent fires)', { min: 0, max: 1 }),
    children: numberListKey([0.15, 0.15, 0.15], 'P(child fires | parent fires), one per child', { min: 0, max: 1 }),
    exclusive: boolKey(false, 'at most one child fires at a time'),
    mean: numberKey(1, 'magnitude mean (magnitudes are |N(mean, std²)|)'),
    std: numberKey(0, 'magnitude std', { min: 0 }),
    ...directionKeys(42, 'auto'),
    ...outputKeys,
  },
  check: (p) => {
    const total = p.children.reduce((a, b) => a + b, 0);
    if (p.exclusive && total > 1 + 1e-9) return `exclusive children need Σ children ≤ 1, got ${total}`;
    return directionsProblem(p, treeFeatureCount(p.parents, p.children.length), p.d);
  },
  build: (p) => {
    const total = p.children.reduce((a, b) => a + b, 0);
    const filler: TreeNodeSpec[] = p.exclusive && total < 1 - 1e-12 ? [{ activeProb: 1 - total, readOut: false }] : [];
    const parent: TreeNodeSpec = {
      activeProb: p.pParent,
      exclusiveChildren: p.exclusive,
      children: [...p.children.map((activeProb) => ({ activeProb })), ...filler],
    };
    const g = treeFeatureCount(p.parents, p.children.length);
    return {
      d: p.d,
      worldSeed: p.worldSeed,
      directions: directionsSpec(p, g, p.d),
      firing: { kind: 'tree', root: { activeProb: 1, readOut: false, children: new Array<TreeNodeSpec>(p.parents).fill(parent) } },
      magnitudes: { law: 'normal-abs', mean: p.mean, std: p.std },
      ...outputSpec(p),
    };
  },
});

const treeFeatureCount = (parents: number, children: number) => parents * (1 + children);
