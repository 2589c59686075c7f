/**
 * Watanabe's free energy near a local minimum w* (dynamics-methods §2.1): F ≈ n·L_n(w*) + λ·ln n, with λ the
 * local learning coefficient and L_n the training loss.
 */
export function localFreeEnergy(n: number, loss: number, llc: number): number {
  if (!(n > 1)) throw new RangeError(`the free energy needs n > 1 training examples, got ${n}`);
  return n * loss + llc * Math.log(n);
}

/**
 * Which way a free-energy difference between an earlier state i and a later state j is taken. Paper 2's text
 * defines ΔF_{i→j} := F_i − F_j; its analysis code (which made its plots) computes F_j − F_i. The spec leaves
 * this UNCONFIRMED; we default to the code's `'after-minus-before'`, so a transition that lowers the free
 * energy has ΔF < 0.
 */
export type FreeEnergySign = 'after-minus-before' | 'before-minus-after';

export const DEFAULT_FREE_ENERGY_SIGN: FreeEnergySign = 'after-minus-before';

export interface FreeEnergyState {
  /** L_n at the state (training loss). */
  loss: number;
  /** λ̂ at the state. */
  llc: number;
}

/** ΔF = ln n·(λ_j − λ_i) + n·(L_j − L_i) for `'after-minus-before'`, its negative otherwise. */
export function freeEnergyDifference(n: number, before: FreeEnergyState, after: FreeEnergyState, sign: FreeEnergySign = DEFAULT_FREE_ENERGY_SIGN): number {
  const difference = localFreeEnergy(n, after.loss, after.llc) - localFreeEnergy(n, before.loss, before.llc);
  return sign === 'after-minus-before' ? difference : -difference;
}

export function parseFreeEnergySign(text: string): FreeEnergySign {
  if (text === 'after-minus-before' || text === 'before-minus-after') return text;
  throw new RangeError(`the free-energy sign must be 'after-minus-before' or 'before-minus-after', got '${text}'`);
}
