export { rocAuc } from './rocAuc';
export { fitTruthProbe, probeFold, stratifiedFolds, type FoldScores, type ProbeResult } from './linearProbe';
export { crossValidatedProbe, type CrossValidatedProbe, type FoldedScore } from './crossValidatedProbe';
export { normaliseRows, ROW_NORMALISATION_FORMULAS, type RowNormalisation } from './rowNormalisation';
export { readProbeActivations, readProbeLabels, checkProbeLabels, type ProbeActivations } from './probeInputs';
export { probeRepresentation, probeActivationFile, type ProbeOptions, type ProbeFileReport, type RepresentationProbes } from './probeReport';
export { probeTruthToy, type TruthToyProbeOptions, type TruthToyProbeReport, type TruthPosition } from './truthToyProbe';
