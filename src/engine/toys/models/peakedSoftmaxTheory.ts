/**
 * The aligned-student theory of the peaked-softmax learner (Liu et al., "Universal one-third time scaling"):
 * a student aligned with its teacher differs from it only in inverse temperature, β against β*.
 */

/** Critical inverse temperature of the random-energy model, √(2 ln V): β* ≫ c0 is the peaked regime. */
export const remCriticalBeta = (vocab: number): number => Math.sqrt(2 * Math.log(vocab));

/**
 * Loss-versus-time exponent when L ∝ β^−a and −dL/dβ ∝ β^−b under gradient flow in τ = Σ lr: L ∝ τ^(−a/(1+b)).
 * The low-temperature expansion gives a = 1, b = 2, hence 1/3.
 */
export const timeScalingExponent = (a: number, b: number): number => a / (1 + b);

/**
 * Mean KL(p_β* ‖ p_β) over n rows of standardised logits s [n, V], where p_β = softmax(β s):
 * per row ln Z(β) − ln Z(β*) − (β − β*)·E_{p_β*}[s], with max-subtracted log-sum-exps in float64.
 */
export function alignedStudentLoss(s: ArrayLike<number>, vocab: number, beta: number, betaStar: number): number {
  const n = s.length / vocab;
  let total = 0;
  for (let r = 0; r < n; r++) {
    const row = Array.from({ length: vocab }, (_, v) => s[r * vocab + v]);
    const teacher = logSumExpAndMean(row, betaStar);
    total += logSumExpAndMean(row, beta).logZ - teacher.logZ - (beta - betaStar) * teacher.mean;
  }
  return total / n;
}

/** ln Σ e^{β s_v} and the mean of s under softmax(β s). */
function logSumExpAndMean(row: readonly number[], beta: number): { logZ: number; mean: number } {
  const max = Math.max(...row.map((v) => beta * v));
  let z = 0, weighted = 0;
  for (const v of row) {
    const w = Math.exp(beta * v - max);
    z += w;
    weighted += w * v;
  }
  return { logZ: max + Math.log(z), mean: weighted / z };
}
