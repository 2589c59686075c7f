import { enumKey, intKey, numberKey, type ParamKeys, type ParamsOf } from '../presetKeys';
import type { DirectionsSpec, ToySpec } from '../spec';

/** A named family of toy worlds: its keys (with defaults) and how a full set of values becomes a ToySpec. */
export interface ToyPreset<K extends ParamKeys = ParamKeys> {
  readonly summary: string;
  readonly keys: K;
  /** A problem that involves several keys at once, or undefined. */
  check?(params: ParamsOf<K>): string | undefined;
  build(params: ParamsOf<K>): ToySpec;
}

export const definePreset = <K extends ParamKeys>(preset: ToyPreset<K>): ToyPreset<K> => preset;

/** Feature-direction keys shared by the presets whose directions are random. */
export const directionKeys = (worldSeed: number, directions: 'auto' | 'random') => ({
  worldSeed: intKey(worldSeed, 'seeds the world: feature directions, random correlation matrix, bias', { min: 0, max: 2 ** 32 - 1 }),
  directions: enumKey(
    ['auto', 'orthogonal', 'optimized', 'random', 'basis'],
    directions,
    'feature directions; auto = orthogonal when features ≤ d, else optimized',
  ),
  orthoSteps: intKey(1000, 'Adam steps of the optimized directions (Sparse-but-Wrong orthogonalize)', { min: 0 }),
  targetCos: numberKey(0, 'target pairwise cosine of the optimized directions', { min: -0.99, max: 0.99 }),
});

/** Output keys shared by the presets: noise and bias, both off by default as in the papers. */
export const outputKeys = {
  noise: numberKey(0, 'std of i.i.d. Gaussian noise added to each coordinate of x', { min: 0 }),
  bias: numberKey(0, 'norm of a fixed random bias added to every x', { min: 0 }),
};

type DirectionParams = ParamsOf<ReturnType<typeof directionKeys>>;
type OutputParams = ParamsOf<typeof outputKeys>;

/** Optimisation step size of `orthogonalize` in both Chanin repos. */
const ORTHO_LR = 0.01;

export function directionsSpec(p: DirectionParams, g: number, d: number): DirectionsSpec {
  const kind = p.directions === 'auto' ? (g <= d ? 'orthogonal' : 'optimized') : p.directions;
  return kind === 'optimized' ? { kind, steps: p.orthoSteps, lr: ORTHO_LR, targetCos: p.targetCos } : { kind };
}

export function directionsProblem(p: DirectionParams, g: number, d: number): string | undefined {
  if ((p.directions === 'orthogonal' || p.directions === 'basis') && g > d) return `directions=${p.directions} needs at most d = ${d} features, got ${g}`;
  return undefined;
}

export const outputSpec = (p: OutputParams): Pick<ToySpec, 'noiseStd' | 'biasNorm'> => ({ noiseStd: p.noise, biasNorm: p.bias });
