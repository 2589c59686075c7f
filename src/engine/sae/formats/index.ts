export { detectSaeFormat, loadSae } from './registry';
export { logFeatureSparsity, saveSaeLensFolder, type SaveSaeLensOptions } from './saelensWriter';
export { inferenceBundle } from './inferenceBundle';
export { foldActivationScaling, foldDecoderNorms } from './fold';
export { summarizeSae, type SaeSummary } from './summary';
export type { DetectedSae, SaeFormat } from './types';
