/** Learning-rate schedule: linear warm-up from 0, constant, then linear decay to `lrEnd` over the last steps. */
export interface LrSchedule {
  lr: number;
  warmupSteps: number;
  decaySteps: number;
  lrEnd: number;
}

export function learningRate(s: LrSchedule, step: number, totalSteps: number): number {
  if (s.warmupSteps > 0 && step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  const decayStart = totalSteps - s.decaySteps;
  if (s.decaySteps > 0 && step >= decayStart) {
    const t = (step - decayStart + 1) / s.decaySteps;
    return s.lr + (s.lrEnd - s.lr) * Math.min(t, 1);
  }
  return s.lr;
}

/** Sparsity coefficient warmed up linearly from 0 over `warmupSteps` (SAELens l1_warm_up_steps / l0_warm_up_steps). */
export function sparsityCoefficient(coefficient: number, warmupSteps: number, step: number): number {
  return warmupSteps > 0 ? coefficient * Math.min(1, (step + 1) / warmupSteps) : coefficient;
}
