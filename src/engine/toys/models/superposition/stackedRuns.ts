/** Values in the stacked batches of one ORT run: 16 MB of float32. */
const MAX_STACKED_VALUES = 1 << 22;

/**
 * Steps per run for a batch of `batchValues` numbers: `wanted`, fewer when the stacked batches would pass
 * 16 MB. Batches that large make a step long enough that looping gains nothing over single steps.
 */
export function stepsPerRunFor(wanted: number, batchValues: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(MAX_STACKED_VALUES / batchValues)));
}
