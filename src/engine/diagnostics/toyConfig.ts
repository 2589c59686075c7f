import { formatToySource, parseToySource, toyPreset, type ToyConfig, type ToyParamValue, type ToyPresetName } from '../toys';

/**
 * A `toy:` source of one of the presets a diagnostic is built for, with some keys overridden; the canonical source
 * string comes back with it, so results name exactly the world they ran on.
 */
export function toyOf(source: string, presets: readonly ToyPresetName[], overrides: Record<string, ToyParamValue> = {}): { config: ToyConfig; source: string } {
  const parsed = parseToySource(source);
  if (!presets.includes(parsed.preset)) throw new Error(`${source}: expected a toy:${presets.join(' | toy:')} world`);
  const config = toyPreset(parsed.preset, { ...parsed.params, ...overrides });
  return { config, source: formatToySource(config) };
}
