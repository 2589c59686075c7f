import type { ToyModelPreset } from '../types';
import { truthToyPreset } from './toyPreset';
import { truthTransformerPreset } from './transformerPreset';

/** The truth-encoding toy models (Ravfogel et al. 2025, spec §4): `truth-toy` and `truth-transformer`. */
export const truthPresets: ToyModelPreset[] = [truthToyPreset, truthTransformerPreset];

export { truthTransformerConfig } from './transformerPreset';
export { exportTransformerOnnx, transformerOnnxModel, TRANSFORMER_CONFIG_KEY, type TransformerExportOptions } from '../transformer/onnxExport';
export type { TransformerConfig } from '../transformer/config';
