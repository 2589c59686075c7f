/** Feature mixing (Sparse but Wrong §3): latent × feature cosines, pairwise decoder cosines, encoder/decoder asymmetry. */
export { encoderDecoderAsymmetry, type LatentAsymmetry } from './asymmetry';
export { forEachProductBlock } from './blockProducts';
export { runMixing, MIXING_FORMULAS, type FeatureCosines, type GroundTruthMixing, type MixingOptions, type MixingResult } from './job';
export { latentMixing, type LatentMixing, type MixedFeature } from './latentMix';
export { pairwiseCosines, type CosineHistogram, type LatentPair, type PairwiseCosines, type PairwiseOptions } from './pairwise';
export { displayOrder, reorderLatents, type LatentOrder } from './reorder';
export { runSmallToyMixing, smallToyMixScore, SMALL_TOY_MIX_FORMULA, type SmallToyMixingOptions, type SmallToyMixingResult, type SmallToyMixingRun } from './smallToy';
export { theorem1ExpectedLoss } from './theorem1';
