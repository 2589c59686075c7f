/**
 * The low-level description of a synthetic-activation world: which features exist (directions in R^d), how
 * they fire, and how large they are when they fire. Presets (`presets.ts`) produce these; advanced callers
 * may write their own. Every sample is `x = Σ_i m_i f_i (+ bias) (+ noise)`.
 */
export interface ToySpec {
  /** Dimension of the activations x. */
  readonly d: number;
  /** Seeds everything fixed about the world: directions, random correlation matrix, bias. */
  readonly worldSeed: number;
  readonly directions: DirectionsSpec;
  readonly firing: FiringSpec;
  readonly magnitudes: MagnitudeSpec;
  /** Standard deviation of i.i.d. Gaussian noise added to every coordinate of x (default 0). */
  readonly noiseStd?: number;
  /** Norm of a fixed random bias vector added to every x (default 0, no bias). */
  readonly biasNorm?: number;
}

/** How the feature directions F [g, d] (unit rows) are chosen. */
export type DirectionsSpec =
  /** A uniformly random orthonormal frame (QR of a Gaussian matrix); needs g ≤ d. */
  | { readonly kind: 'orthogonal' }
  /** f_i = e_i, the standard basis; needs g ≤ d. */
  | { readonly kind: 'basis' }
  /** Independent uniformly random unit vectors: overlaps of order 1/√d. */
  | { readonly kind: 'random' }
  /**
   * Random unit vectors improved by Adam on Σ_{i≠j}(f_i·f_j − targetCos)² + g·Σ_i(‖f_i‖² − 1)², then
   * renormalised (Sparse-but-Wrong `orthogonalize`). Many steps with g > d approach an equiangular-like
   * frame; few steps (the small toy uses 4) leave small random overlaps. Costs O(steps·g²·d).
   */
  | { readonly kind: 'optimized'; readonly steps: number; readonly lr: number; readonly targetCos: number };

/** A value per feature, or one value for all. */
export type PerFeature = number | readonly number[];

export type FiringSpec =
  /**
   * Each feature fires with its own probability: independently when `correlation` is null, otherwise
   * through a Gaussian copula (z ~ N(0, C), feature i fires when z_i > Φ⁻¹(1 − p_i)).
   */
  | { readonly kind: 'bernoulli'; readonly probabilities: readonly number[]; readonly correlation: CorrelationSpec | null }
  /** A tree of nodes; read-out nodes own feature indices, assigned depth-first. */
  | { readonly kind: 'tree'; readonly root: TreeNodeSpec };

export type CorrelationSpec =
  /**
   * A given correlation matrix [g, g] row-major (symmetric, unit diagonal). One with an eigenvalue below
   * −1e-6 is repaired as the reference code does: eigenvalues clipped at 1e-6, then rescaled to unit diagonal.
   */
  | { readonly kind: 'matrix'; readonly matrix: ArrayLike<number> }
  /** The seeded random correlation matrix of Sparse-but-Wrong (`generate_random_correlation_matrix`). */
  | {
      readonly kind: 'random';
      /** Fraction of the correlated pairs that get a positive sign. */
      readonly positiveRatio: number;
      /** Range of |C_ij| drawn uniformly, before the PSD repair shrinks them. */
      readonly strength: readonly [number, number];
      /** Fraction of pairs left uncorrelated. */
      readonly sparsity: number;
    };

/** One node of a hierarchical firing tree (Feature-Hedging `TreeFeatureGenerator`). */
export interface TreeNodeSpec {
  /** P(active | parent active); for the root, P(active). */
  readonly activeProb: number;
  /**
   * P(active | parent inactive), default 0 (a strict hierarchy). Non-zero values give the hedging toys'
   * "correlated" and "anti-correlated" children; not allowed under a parent with exclusive children.
   */
  readonly activeProbWithoutParent?: number;
  /** Whether the node owns a feature (default true). A non-read-out node only gates its children. */
  readonly readOut?: boolean;
  /**
   * When the node is active, exactly one child is active, picked with probability proportional to the
   * children's `activeProb` (default false: children fire independently given the parent).
   */
  readonly exclusiveChildren?: boolean;
  readonly children?: readonly TreeNodeSpec[];
}

/** The law of a firing feature's magnitude m_i (a feature that does not fire has m_i = 0). */
export type MagnitudeSpec =
  /** m = max(0, N(mean, std²)) (Sparse-but-Wrong `get_training_batch`); with std = 0, exactly mean. */
  | { readonly law: 'normal-relu'; readonly mean: PerFeature; readonly std: PerFeature }
  /** m = |N(mean, std²)| (Feature-Hedging tree generator); with std = 0, exactly mean. */
  | { readonly law: 'normal-abs'; readonly mean: PerFeature; readonly std: PerFeature }
  /** m ~ U(low, high), 0 ≤ low ≤ high (Longon toy: U(0, 1)). */
  | { readonly law: 'uniform'; readonly low: PerFeature; readonly high: PerFeature };
