/**
 * k moving linearly between two values over part of training (Sparse but Wrong A.8, `EnhancedBatchTopK` with a
 * Tween): k(t) = from + (to − from)·clip((t − startStep)/steps, 0, 1), applied rounded down to a multiple of
 * `quantum` (the paper applies int(k)), and exactly `to` once the move is over. A compiled graph holds its k as a
 * constant, so rounding keeps the number of graphs a schedule needs small: |to − from|/quantum + 1.
 */
export interface L0Schedule {
  from: number;
  to: number;
  /** Step at which k starts moving (default 0). */
  startStep?: number;
  /** Steps over which it moves (default: all of training from startStep). */
  steps?: number;
  /** k is applied in multiples of this (default 1; TopK needs a whole number). */
  quantum?: number;
}

export function scheduledK(s: L0Schedule, step: number, totalSteps: number): number {
  const start = s.startStep ?? 0;
  const duration = s.steps ?? Math.max(1, totalSteps - start);
  const progress = Math.min(1, Math.max(0, (step - start) / duration));
  if (progress === 1) return s.to;
  const quantum = s.quantum ?? 1;
  const k = s.from + (s.to - s.from) * progress;
  return Math.max(quantum, Math.floor(k / quantum + 1e-9) * quantum);
}

/** Checks a schedule against the SAE it drives; the message names what is wrong. */
export function checkL0Schedule(s: L0Schedule, dSae: number, integer: boolean): void {
  const quantum = s.quantum ?? 1;
  for (const [name, v] of [['from', s.from], ['to', s.to]] as const) {
    if (!(v > 0 && v <= dSae) || (integer && !Number.isInteger(v))) throw new Error(`the k schedule's ${name} must be ${integer ? 'a whole number' : 'a number'} in (0, ${dSae}], got ${v}`);
  }
  if (!(quantum > 0) || (integer && !Number.isInteger(quantum))) throw new Error(`the k schedule's quantum must be ${integer ? 'a whole number' : ''} > 0, got ${quantum}`);
  if ((s.startStep ?? 0) < 0 || (s.steps !== undefined && !(s.steps > 0))) throw new Error('the k schedule needs startStep ≥ 0 and steps > 0');
}
