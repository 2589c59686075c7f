import { CopulaFiring } from './copula';
import { checkedCorrelation, randomCorrelationMatrix } from './correlation';
import { featureDirections } from './directions';
import { ToyConfigError } from './errors';
import { IndependentFiring, type FiringSampler } from './firing';
import { standardNormal } from './gaussian';
import { rowNorm } from './linalg';
import { magnitudeDrawer, probabilityNonzero, resolveMagnitudes, type MagnitudeDrawer, type ResolvedMagnitudes } from './magnitudes';
import { rngFor } from './seeds';
import type { FiringSpec, ToySpec } from './spec';
import { TreeFiring } from './tree';

/** Everything known about a toy world's data: the ground truth an SAE should recover. */
export interface ToyTruth {
  readonly nFeatures: number;
  readonly d: number;
  /** F [g, d] row-major, row i = feature direction f_i (unit norm). */
  readonly features: Float32Array;
  /** Marginal P(feature i fires). */
  readonly probabilities: Float64Array;
  /** Correlation [g, g] of the copula's latent Gaussians, or null when the firing is not a copula. */
  readonly correlation: Float64Array | null;
  /** Tree firing: each feature's nearest read-out ancestor feature, or −1; null for other firing. */
  readonly parents: Int32Array | null;
  readonly magnitudes: ResolvedMagnitudes;
  /**
   * Expected number of features with a non-zero magnitude per sample: Σ_i P(fires)·P(m_i ≠ 0 | fires).
   * For normal-relu magnitudes P(m_i ≠ 0 | fires) = Φ(μ_i/σ_i) (1 − 4e-11 for the large toy); else 1.
   */
  readonly trueL0: number;
  readonly bias: Float32Array | null;
  readonly noiseStd: number;
}

/** A built world: its truth and what draws samples from it. Build once, stream from it with many seeds. */
export interface ToyWorld {
  readonly spec: ToySpec;
  readonly truth: ToyTruth;
  readonly firing: FiringSampler;
  readonly drawMagnitude: MagnitudeDrawer;
}

export function buildToyWorld(spec: ToySpec): ToyWorld {
  const { d, worldSeed } = spec;
  if (!(Number.isInteger(d) && d >= 1)) throw new ToyConfigError(`d must be an integer ≥ 1, got ${d}`);
  const noiseStd = spec.noiseStd ?? 0;
  const biasNorm = spec.biasNorm ?? 0;
  if (!(noiseStd >= 0 && Number.isFinite(noiseStd))) throw new ToyConfigError(`noiseStd must be ≥ 0, got ${noiseStd}`);
  if (!(biasNorm >= 0 && Number.isFinite(biasNorm))) throw new ToyConfigError(`biasNorm must be ≥ 0, got ${biasNorm}`);
  const { firing, correlation, parents } = buildFiring(spec.firing, worldSeed);
  const g = firing.nFeatures;
  const magnitudes = resolveMagnitudes(spec.magnitudes, g);
  let trueL0 = 0;
  for (let i = 0; i < g; i++) trueL0 += firing.probabilities[i] * probabilityNonzero(magnitudes, i);
  const truth: ToyTruth = {
    nFeatures: g,
    d,
    features: featureDirections(spec.directions, g, d, rngFor(worldSeed, 'directions')),
    probabilities: firing.probabilities,
    correlation,
    parents,
    magnitudes,
    trueL0,
    bias: biasNorm > 0 ? randomBias(d, biasNorm, worldSeed) : null,
    noiseStd,
  };
  return { spec, truth, firing, drawMagnitude: magnitudeDrawer(magnitudes) };
}

function buildFiring(spec: FiringSpec, worldSeed: number): { firing: FiringSampler; correlation: Float64Array | null; parents: Int32Array | null } {
  if (spec.kind === 'tree') {
    const tree = new TreeFiring(spec.root);
    return { firing: tree, correlation: null, parents: tree.parents };
  }
  const { probabilities, correlation } = spec;
  if (!correlation) return { firing: new IndependentFiring(probabilities), correlation: null, parents: null };
  const g = probabilities.length;
  const matrix =
    correlation.kind === 'matrix' ? checkedCorrelation(correlation.matrix, g) : randomCorrelationMatrix(g, correlation, rngFor(worldSeed, 'correlation'));
  const copula = new CopulaFiring(probabilities, matrix);
  return { firing: copula, correlation: copula.correlation, parents: null };
}

function randomBias(d: number, norm: number, worldSeed: number): Float32Array {
  const rng = rngFor(worldSeed, 'bias');
  const v = new Float64Array(d);
  for (let k = 0; k < d; k++) v[k] = standardNormal(rng);
  const scale = norm / rowNorm(v, 0, d);
  return Float32Array.from(v, (x) => x * scale);
}
