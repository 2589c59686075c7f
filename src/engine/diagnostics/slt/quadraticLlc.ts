import { symmetricEigen } from '../../toys/linalg';

/**
 * The LLC the localised posterior of a quadratic loss L(w) = L₀ + (w − w*)ᵀA(w − w*) has (dynamics-methods §2.1):
 * λ = ½ Σ_k 2nβa_k / (2nβa_k + γ), a_k the eigenvalues of A. For a model linear in its parameters with mean
 * squared error, A = DᵀD/(rows·outputs) with D the design (features) [rows, p]; this is then the exact value
 * SGLD estimates as ε → 0, and d/2 when every 2nβa_k ≫ γ.
 */
export function quadraticLlc(design: ArrayLike<number>, rows: number, p: number, nbeta: number, localization: number, outputs = 1): number {
  const a = new Float64Array(p * p);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < p; i++) {
      const di = design[r * p + i];
      for (let j = 0; j < p; j++) a[i * p + j] += (di * design[r * p + j]) / (rows * outputs);
    }
  }
  // A's eigenvalues times each of the `outputs` copies of the parameters' block.
  const values = symmetricEigen(a, p).values;
  return outputs * 0.5 * Array.from(values).reduce((s, v) => s + (2 * nbeta * v) / (2 * nbeta * v + localization), 0);
}

/** The design [rows, degree + 1] of a polynomial: the powers x⁰ … x^degree of each x. */
export function polynomialDesign(x: ArrayLike<number>, degree: number): Float64Array {
  const d = new Float64Array(x.length * (degree + 1));
  for (let r = 0; r < x.length; r++) {
    let v = 1;
    for (let i = 0; i <= degree; i++, v *= x[r]) d[r * (degree + 1) + i] = v;
  }
  return d;
}
