/** A grokking run's accuracies at one checkpoint. */
export interface CheckpointAccuracy {
  step: number;
  trainAccuracy: number;
  validationAccuracy: number;
}

export interface GrokkingEventOptions {
  /** Validation accuracy that counts as generalised (default 0.95). */
  generalisedAccuracy?: number;
  /** Runs with j − i ≤ this many checkpoints are discarded (default 20). */
  minGap?: number;
}

/** A checkpoint by its index in the run and its step. */
export interface CheckpointRef {
  index: number;
  step: number;
}

/**
 * Paper 2's memorise → generalise transition (dynamics-methods §2.3, Q1.1): i = the first checkpoint with 100 %
 * training accuracy, j = the first with validation accuracy ≥ 95 %, r = j − i in checkpoints. A run is kept
 * for the Arrhenius test only when both exist and r > minGap; `reason` says why one is discarded.
 */
export interface GrokkingEvents {
  memorised: CheckpointRef | null;
  generalised: CheckpointRef | null;
  /** r = j − i in checkpoint units (null unless both happened). */
  gap: number | null;
  kept: boolean;
  reason: string | null;
}

export const DEFAULT_GENERALISED_ACCURACY = 0.95;
export const DEFAULT_MIN_GAP = 20;

export function grokkingEvents(checkpoints: readonly CheckpointAccuracy[], o: GrokkingEventOptions = {}): GrokkingEvents {
  const { generalisedAccuracy = DEFAULT_GENERALISED_ACCURACY, minGap = DEFAULT_MIN_GAP } = o;
  const ref = (index: number): CheckpointRef | null => (index < 0 ? null : { index, step: checkpoints[index].step });
  // Accuracies are means of 0/1 over the set; 100 % is exact, the tolerance only absorbs summation rounding.
  const memorised = ref(checkpoints.findIndex((c) => c.trainAccuracy >= 1 - 1e-9));
  const generalised = ref(checkpoints.findIndex((c) => c.validationAccuracy >= generalisedAccuracy));
  const gap = memorised && generalised ? generalised.index - memorised.index : null;
  let reason: string | null = null;
  if (!memorised) reason = 'never reached 100 % training accuracy';
  else if (!generalised) reason = `never reached ${100 * generalisedAccuracy} % validation accuracy`;
  else if (gap! <= minGap) reason = `j − i = ${gap} checkpoints, not more than ${minGap}`;
  return { memorised, generalised, gap, kept: reason === null, reason };
}
