/**
 * Dynamic time τ(t) = Σ_{s=1}^{t} η(s), the sum of learning rates (dynamics-methods §1.2): under gradient flow
 * the peaked-softmax loss falls as τ^(−1/3) whatever the schedule, so fits under a schedule use τ, not steps.
 * `steps` must be ascending non-negative integers; the sum runs once over 1…max(steps).
 */
export function dynamicTime(steps: readonly number[], lrAt: (step: number) => number): number[] {
  let tau = 0;
  let done = 0;
  return steps.map((step, i) => {
    if (!Number.isInteger(step) || step < done) throw new RangeError(`dynamic time needs ascending whole steps, got ${step} at point ${i}`);
    for (; done < step; ) tau += lrAt(++done);
    return tau;
  });
}

/**
 * Dynamic time from learning rates recorded beside the loss, taking η linear between records and constant
 * before the first (τ(t₀) = t₀·η₀): Σ_{s=a+1}^{b} η(s) = (b − a)(η_a + η_b)/2 + (η_b − η_a)/2 for a linear η.
 * Exact for schedules linear or constant between records; for a smooth schedule the error shrinks with the
 * square of the record spacing.
 */
export function dynamicTimeFromRecords(steps: readonly number[], lrs: readonly number[]): number[] {
  if (steps.length !== lrs.length) throw new RangeError(`dynamic time: ${steps.length} steps but ${lrs.length} learning rates`);
  let tau = 0;
  return steps.map((step, i) => {
    if (!Number.isFinite(lrs[i]) || lrs[i] < 0) throw new RangeError(`dynamic time: learning rate ${lrs[i]} at point ${i}`);
    if (i > 0 && !(step > steps[i - 1])) throw new RangeError(`dynamic time needs ascending steps, got ${step} after ${steps[i - 1]}`);
    tau += i === 0 ? step * lrs[0] : ((step - steps[i - 1]) * (lrs[i] + lrs[i - 1])) / 2 + (lrs[i] - lrs[i - 1]) / 2;
    return tau;
  });
}
