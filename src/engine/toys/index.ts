/** Synthetic activations with known ground-truth features: `toy:` presets, worlds and seeded streams. */
export { ToyConfigError } from './errors';
export { inverseNormalCdf, normalCdf, normalPdf } from './normal';
export { linearRampProbabilities, zipfProbabilities } from './probabilities';
export { clipToCorrelation, randomCorrelationMatrix, type RandomCorrelationOptions } from './correlation';
export type { CorrelationSpec, DirectionsSpec, FiringSpec, MagnitudeSpec, PerFeature, ToySpec, TreeNodeSpec } from './spec';
export type { ResolvedMagnitudes } from './magnitudes';
export type { ToyParamValue } from './presetKeys';
export { TOY_PRESETS, resolveToySpec, toyPreset, type ToyConfig, type ToyPresetName, type ToyPresetParams } from './presets';
export { formatToySource, parseToySource } from './source';
export { buildToyWorld, type ToyTruth, type ToyWorld } from './world';
export { createToyStream } from './create';
export { streamFromWorld, type ToyBatch, type ToyStream } from './stream';
