import { warmupCosineLr } from '../../toys/models/superposition/lrSchedule';

/**
 * A learning-rate schedule written as text: `constant` or `cosine:<warmup>,<total>[,<final fraction>]` (linear
 * warm-up, then a cosine to final·peak at step total; final defaults to 0), scaled by `peak`. Pythia's
 * schedule (dynamics-methods §1.3) is `cosine:1430,143000,0.1`.
 */
export function parseLrSchedule(text: string, peak = 1): (step: number) => number {
  if (!(peak > 0)) throw new RangeError(`the peak learning rate must be positive, got ${peak}`);
  if (text === 'constant') return () => peak;
  const match = /^cosine:(.+)$/.exec(text);
  const values = match ? match[1].split(',').map(Number) : [];
  const [warmup, total, finalFraction = 0] = values;
  if (!match || values.length < 2 || values.length > 3 || !Number.isInteger(warmup) || warmup < 0 || !Number.isInteger(total) || total < 1 || !(finalFraction >= 0 && finalFraction <= 1)) {
    throw new RangeError(`a schedule is 'constant' or 'cosine:<warmup>,<total>[,<final fraction>]' with whole steps and a fraction in [0, 1], got '${text}'`);
  }
  return (step) => warmupCosineLr(Math.min(step, total), { peak, warmup, total, finalFraction });
}
