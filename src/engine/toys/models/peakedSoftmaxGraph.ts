import { Tensor } from '../../graph/graph';
import { add, clip, div, exp, mul, sqrt, sub } from '../../graph/ops/elementwise';
import { gemm } from '../../graph/ops/linalg';
import { logSoftmax } from '../../graph/ops/nn';
import { reduceMean, reduceSum } from '../../graph/ops/reduce';

/** torch's RMSNorm epsilon when `eps=None`: float32 machine epsilon. */
export const RMS_NORM_EPS = 1.1920929e-7;

/** x / √(mean(x²) + ε) over the last axis, without a weight: every row ends with squared norm ≈ d. */
export function rmsNorm(x: Tensor): Tensor {
  return div(x, sqrt(add(reduceMean(mul(x, x), [-1], true), RMS_NORM_EPS)));
}

/**
 * Below this, teacher log-probabilities are clamped before `exp`: e^−80 is negligible next to any kept
 * probability, and it keeps float32 out of subnormals, which slow the CPU tenfold at very peaked teachers.
 */
const LOG_PROB_FLOOR = -80;

/**
 * Per-sample KL(p‖q) [B] of the softmax teacher–student: p = softmax(x̂ W_Tᵀ / T), q = softmax(x̂ W_Sᵀ), for
 * normalised inputs x̂ [B, d] and weights [V, d]. Its mean is the "batchmean" KL; its gradient in the student
 * logits is (q − p)/B. The teacher gets no gradient unless it is itself a parameter.
 */
export function peakedSoftmaxKl(xhat: Tensor, teacher: Tensor, student: Tensor, temperature: number): Tensor {
  const teacherLogProbs = clip(logSoftmax(gemm(xhat, teacher, { transB: true, alpha: 1 / temperature }), -1), LOG_PROB_FLOOR, 0);
  const studentLogProbs = logSoftmax(gemm(xhat, student, { transB: true }), -1);
  return reduceSum(mul(exp(teacherLogProbs), sub(teacherLogProbs, studentLogProbs)), [-1]);
}
