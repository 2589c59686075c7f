import { ToyConfigError } from './errors';
import { sameValue, type ToyParamValue } from './presetKeys';
import { isToyPresetName, keyNamed, presetNamed, TOY_PRESETS, toyPreset, unknownKey, type ToyConfig, type ToyPresetName, type ToyPresetParams } from './presets';

const PREFIX = 'toy:';

/**
 * Parses a toy source string, `toy:<preset>` or `toy:<preset>?key=value&key=value…`, into a config.
 * Values are numbers (`0.15`, `1e-3`), integers, `true`/`false` (or 1/0), enum words, or comma-separated
 * number lists; each key at most once; unspecified keys take the preset's default. Errors name the bad
 * preset, key or value and list what is valid.
 *
 * Presets and keys (default in brackets):
 * - `large` (Sparse-but-Wrong large toy, true L0 = 10.9525): features [50], d [100], pMin [0.05],
 *   pSpan [0.345] (p_i = pMin + pSpan·(features−1−i)/features), mean [1], std [0.15],
 *   correlation [random] (random | none), corrMin [0.3], corrMax [0.9], corrSparsity [0.3],
 *   corrPositive [0.5], + world keys, + output keys. Superposition variant: `toy:large?d=40`.
 * - `small` (Sparse-but-Wrong small toy, true L0 = 2): features [5], d [20], p [0.4], c [0.4], mean [1],
 *   std [0.15], + world keys, + output keys. A.3.3 variant: `toy:small?directions=optimized&orthoSteps=4`.
 * - `hedging-independent` | `hedging-hierarchical` | `hedging-correlated` | `hedging-anticorrelated`
 *   (Feature-Hedging single-latent toys): d [50], pParent [0.25], pChild [0.2 | 0.2 | 0.2 | 0.1],
 *   pChildAlone [0.2 | 0 | 0.1 | 0.2], mean [1], std [0], + world keys, + output keys.
 * - `tree` (Feature-Hedging balancing tree): d [50], parents [1], pParent [0.25],
 *   children [0.15,0.15,0.15], exclusive [false], mean [1], std [0], + world keys, + output keys.
 * - `longon` (Longon et al. toy data, x = the feature vector): features [64], p [0.1], low [0], high [1].
 * - `zipf` (Zipf-like firing in superposition): features [512], d [128], pMax [0.3], exponent [0.7],
 *   mean [1], std [0.15], + world keys with directions [random], + output keys.
 *
 * World keys: worldSeed [42], directions [auto] (auto | orthogonal | optimized | random | basis; auto =
 * orthogonal when features ≤ d, else optimized), orthoSteps [1000], targetCos [0].
 * Output keys: noise [0] (Gaussian std per coordinate), bias [0] (norm of a fixed random bias).
 *
 * Example: `toy:large?d=40&std=0.1`, `toy:tree?children=0.02,0.15,0.5`.
 */
export function parseToySource(source: string): ToyConfig {
  const text = source.trim();
  if (!text.startsWith(PREFIX)) throw new ToyConfigError(`a toy source starts with "${PREFIX}", got "${source}"`);
  const query = text.indexOf('?');
  const name = text.slice(PREFIX.length, query < 0 ? undefined : query);
  if (!isToyPresetName(name)) throw new ToyConfigError(`unknown toy preset "${name}"; presets: ${Object.keys(TOY_PRESETS).join(', ')}`);
  const keys = presetNamed(name).keys;
  const overrides: Record<string, ToyParamValue> = {};
  if (query >= 0) {
    for (const pair of text.slice(query + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new ToyConfigError(`toy:${name}: expected key=value, got "${pair}"`);
      const key = pair.slice(0, eq);
      const raw = pair.slice(eq + 1);
      const spec = keyNamed(keys, key);
      if (!spec) throw unknownKey(name, key, keys);
      if (Object.hasOwn(overrides, key)) throw new ToyConfigError(`toy:${name}: key "${key}" given twice`);
      const value = spec.parse(raw);
      if (value === undefined) throw new ToyConfigError(`toy:${name}: bad value for "${key}": "${raw}" (expected ${spec.expected})`);
      overrides[key] = value;
    }
  }
  return toyPreset(name, overrides as Partial<ToyPresetParams<ToyPresetName>>);
}

/** The canonical source string of a config: only the keys that differ from the defaults, in declaration order. */
export function formatToySource(config: ToyConfig): string {
  const { keys } = presetNamed(config.preset);
  const pairs: string[] = [];
  for (const [key, spec] of Object.entries(keys)) {
    const value = config.params[key];
    if (value !== undefined && !sameValue(value, spec.default)) pairs.push(`${key}=${spec.format(value)}`);
  }
  return `${PREFIX}${config.preset}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}
