/**
 * Sparse but Wrong, Theorem 1 (A.5): two orthonormal features, f₁ alone with probability P₁, both with P₁₂; a tied,
 * bias-free SAE with L0 = 1 whose latents are l₂ = f₂ and l₁ = (αf₁ + (1−α)f₂)/√(α² + (1−α)²), magnitudes m:
 *   E[L(α)] = m²·[P₁(1−α)² + P₁₂(1−2α)²] / (α² + (1−α)²).
 * The disentangled α = 1 costs P₁₂m² and dE[L]/dα = 2P₁₂m² there, so some mixing (α < 1) is cheaper whenever the
 * features co-occur; the even mix α = ½ (P₁m²/2) alone already wins when P₁₂ > P₁/2.
 */
export function theorem1ExpectedLoss(alpha: number, p1: number, p12: number, magnitude = 1): number {
  return (magnitude ** 2 * (p1 * (1 - alpha) ** 2 + p12 * (1 - 2 * alpha) ** 2)) / (alpha ** 2 + (1 - alpha) ** 2);
}
