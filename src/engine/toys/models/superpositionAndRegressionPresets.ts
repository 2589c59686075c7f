import { regressionPresets } from './regression/regressionPresets';
import { longonPreset } from './superposition/longonPreset';
import { tmsPreset } from './superposition/tmsPreset';
import { ToyModelPreset } from './types';

/** `tms`, `longon-tms`, `linear-regression`, `rrr`, `normal-crossing` and `polynomial`. */
export const superpositionAndRegressionPresets: ToyModelPreset[] = [tmsPreset, longonPreset, ...regressionPresets];
