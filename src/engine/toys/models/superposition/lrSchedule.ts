export interface WarmupCosineSchedule {
  peak: number;
  warmup: number;
  total: number;
  /** The learning rate at the last step as a fraction of the peak. */
  finalFraction: number;
}

/**
 * The schedule of dynamics-methods §3.2, with steps counted from 1: linear warm-up η·t/w for t < w, then a
 * cosine from η at t = w to finalFraction·η at t = total.
 */
export function warmupCosineLr(step: number, s: WarmupCosineSchedule): number {
  if (step < s.warmup) return (s.peak * step) / s.warmup;
  const floor = s.finalFraction * s.peak;
  const progress = s.total > s.warmup ? (step - s.warmup) / (s.total - s.warmup) : 1;
  return (s.peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)) + floor;
}
