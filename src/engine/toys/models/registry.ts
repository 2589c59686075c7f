import { deepLinearPresets } from './deepLinearPreset';
import { grokkingPresets } from './grokkingPreset';
import { peakedSoftmaxPresets } from './peakedSoftmaxPreset';
import { superpositionAndRegressionPresets } from './superpositionAndRegressionPresets';
import { truthPresets } from './truth';
import { ToyModelPreset } from './types';

/** Every `saescope toy <preset>`. */
export const TOY_MODEL_PRESETS: readonly ToyModelPreset[] = [
  ...superpositionAndRegressionPresets,
  ...peakedSoftmaxPresets,
  ...grokkingPresets,
  ...deepLinearPresets,
  ...truthPresets,
];

export function toyModelPreset(name: string): ToyModelPreset {
  const preset = TOY_MODEL_PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown toy model '${name}'; models: ${TOY_MODEL_PRESETS.map((p) => p.name).join(', ')}`);
  return preset;
}
