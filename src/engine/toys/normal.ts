/** Standard normal distribution: density, CDF and inverse CDF in double precision. */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Φ(x) with relative error below 1e-13 everywhere, deep tails included (the inverse's refinement needs that). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -2) return upperTail(-x);
  if (x >= 2) return 1 - upperTail(x);
  // Marsaglia (2004): Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …). The terms never cancel; the final ½ + …
  // does for negative x, which is why the tails beyond |x| = 2 (Φ(−2) ≈ 0.023) use the continued fraction.
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let k = 3; sum + term !== sum; k += 2) {
    term *= x2 / k;
    sum += term;
  }
  return 0.5 + normalPdf(x) * sum;
}

/** Q(t) = 1 − Φ(t) for t ≥ 2, by the continued fraction Q(t) = φ(t) / (t + 1/(t + 2/(t + 3/(t + …)))). */
function upperTail(t: number): number {
  if (t > 40) return 0;
  let r = t;
  for (let k = 120; k >= 1; k--) r = t + k / r;
  return normalPdf(t) / r;
}

// Acklam's rational approximation (relative error < 1.15e-9), refined below by one Halley step.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p): the x with P(Z ≤ x) = p for a standard normal Z. Φ⁻¹(0) = −∞ and Φ⁻¹(1) = +∞. */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -inverseNormalCdf(1 - p);
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // One Halley step on Φ(x) − p brings the error down to rounding (Acklam's note).
  const e = normalCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}
