import { crossValidatedProbe, type CrossValidatedProbe } from './crossValidatedProbe';
import { checkProbeLabels, readProbeActivations, readProbeLabels } from './probeInputs';
import { normaliseRows, ROW_NORMALISATION_FORMULAS, type RowNormalisation } from './rowNormalisation';

export interface ProbeOptions {
  /** Stratified folds (default 2: the spec's 50/50 split, scored both ways round). */
  folds?: number;
  normalisation?: RowNormalisation;
}

/** Probes on the activations as they are and after per-row normalisation. */
export interface RepresentationProbes {
  rows: number;
  d: number;
  positives: number;
  folds: number;
  raw: CrossValidatedProbe;
  normalised: CrossValidatedProbe;
  normalisation: string;
}

/** Both probes, cross-validated, on raw and on row-normalised activations [rows, d]. */
export function probeRepresentation(data: ArrayLike<number>, rows: number, d: number, labels: ArrayLike<number>, options: ProbeOptions = {}): RepresentationProbes {
  const folds = options.folds ?? 2;
  const kind = options.normalisation ?? 'layernorm';
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] ? 1 : 0;
  return {
    rows,
    d,
    positives,
    folds,
    raw: crossValidatedProbe(data, labels, d, folds),
    normalised: crossValidatedProbe(normaliseRows(data, d, kind), labels, d, folds),
    normalisation: ROW_NORMALISATION_FORMULAS[kind],
  };
}

export interface ProbeFileReport extends RepresentationProbes {
  activations: string;
  layer: string | null;
  labels: string;
}

/** `saescope probe <activations> --labels <file>`: reads, checks and probes. */
export async function probeActivationFile(activationsPath: string, labelsPath: string, options: ProbeOptions & { layer?: string } = {}): Promise<ProbeFileReport> {
  const acts = await readProbeActivations(activationsPath, options.layer);
  const labels = await readProbeLabels(labelsPath);
  checkProbeLabels(acts, labels, labelsPath, options.folds ?? 2);
  return { activations: activationsPath, layer: acts.layer, labels: labelsPath, ...probeRepresentation(acts.data, acts.rows, acts.d, labels, options) };
}
