/** Training architectures (Matryoshka covers the balanced variant through γ). */
export type TrainingArchitecture = 'standard' | 'topk' | 'batchtopk' | 'jumprelu' | 'matryoshka';

export const TRAINING_ARCHITECTURES: readonly TrainingArchitecture[] = ['standard', 'topk', 'batchtopk', 'jumprelu', 'matryoshka'];

/** Everything that shapes the training graph. Defaults follow SAELens v6 unless noted (see defaultSpec). */
export interface SaeTrainingSpec {
  architecture: TrainingArchitecture;
  dIn: number;
  dSae: number;
  batch: number;
  applyBDecToInput: boolean;
  /** Keep decoder rows unit-norm (dictionary_learning's constrained Adam) instead of SAELens' free decoder. */
  unitNormDecoder: boolean;
  /** TopK: latents per row; BatchTopK/Matryoshka: mean per row (may be fractional). */
  k: number;
  auxCoefficient: number;
  rescaleActsByDecoderNorm: boolean;
  thresholdLr: number;
  matryoshkaWidths: number[];
  gamma: number;
  jumprelu: { bandwidth: number; initThreshold: number; sparsityMode: 'step' | 'tanh'; tanhScale: number; preActCoefficient: number };
  adam: { beta1: number; beta2: number; eps: number };
  /** Global gradient-norm clip (SAELens clips at 1.0 every step); 0 disables. */
  clipNorm: number;
  /** A latent is dead after this many steps without firing (SAELens dead_feature_window). */
  deadWindow: number;
}

export function defaultSpec(architecture: TrainingArchitecture, dIn: number, dSae: number, batch: number): SaeTrainingSpec {
  return {
    architecture,
    dIn,
    dSae,
    batch,
    applyBDecToInput: true,
    unitNormDecoder: false,
    k: 32,
    auxCoefficient: 1,
    rescaleActsByDecoderNorm: false,
    thresholdLr: 0.01,
    matryoshkaWidths: [],
    gamma: 1,
    jumprelu: { bandwidth: 0.05, initThreshold: 0.01, sparsityMode: 'step', tanhScale: 4, preActCoefficient: 0 },
    adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    clipNorm: 1,
    deadWindow: 1000,
  };
}
