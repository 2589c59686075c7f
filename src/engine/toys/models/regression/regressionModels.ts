import { Tensor } from '../../../graph/graph';
import { add, mul } from '../../../graph/ops/elementwise';
import { gemm } from '../../../graph/ops/linalg';
import { slice } from '../../../graph/ops/shape';
import { Rng } from '../../../util/random';

export interface ParamShape {
  name: string;
  shape: number[];
}

/** A regression model with a known learning coefficient (dynamics-methods §2.2). */
export interface RegressionModel {
  inputDim: number;
  outputDim: number;
  /** Its parameters, in the order `predict` takes them. */
  params: readonly ParamShape[];
  /** The prediction [rows, outputDim] for x [rows, inputDim]. */
  predict(x: Tensor, params: readonly Tensor[]): Tensor;
  /** Initial parameter values by name (the spec fixes none; ours are scaled so predictions start O(1)). */
  initial(rng: Rng): Record<string, Float32Array>;
}

/** f(x) = wᵀx with w [d, 1] (no intercept): d parameters, regular, λ = d/2. */
export function linearRegressionModel(inputDim: number): RegressionModel {
  return {
    inputDim,
    outputDim: 1,
    params: [{ name: 'w', shape: [inputDim, 1] }],
    predict: (x, [w]) => gemm(x, w),
    initial: (rng) => ({ w: rng.fillNormal(new Float32Array(inputDim), 1 / Math.sqrt(inputDim)) }),
  };
}

/** f(x) = BAx with A [hidden, inputs] and B [outputs, hidden]: reduced-rank regression. */
export function reducedRankModel(inputs: number, hidden: number, outputs: number): RegressionModel {
  return {
    inputDim: inputs,
    outputDim: outputs,
    params: [{ name: 'A', shape: [hidden, inputs] }, { name: 'B', shape: [outputs, hidden] }],
    predict: (x, [a, b]) => gemm(gemm(x, a, { transB: true }), b, { transB: true }),
    initial: (rng) => ({
      A: rng.fillNormal(new Float32Array(hidden * inputs), 1 / Math.sqrt(inputs)),
      B: rng.fillNormal(new Float32Array(outputs * hidden), 1 / Math.sqrt(hidden)),
    }),
  };
}

/**
 * f(x; w) = x·∏ w_i^{k_i} with w [powers.length] and scalar x: the normal-crossing singularity. Powers
 * are repeated products, so a k_i = 0 factor is absent (w^0 via Pow would give 0·∞ gradients at w = 0).
 */
export function normalCrossingModel(powers: readonly number[]): RegressionModel {
  if (powers.some((k) => !Number.isInteger(k) || k < 0) || !powers.some((k) => k > 0)) {
    throw new RangeError(`powers must be integers ≥ 0 with at least one ≥ 1, got [${powers.join(', ')}]`);
  }
  return {
    inputDim: 1,
    outputDim: 1,
    params: [{ name: 'w', shape: [powers.length] }],
    predict: (x, [w]) => {
      const factors = powers.flatMap((k, i) => (k === 0 ? [] : new Array<Tensor>(k).fill(slice(w, [i], [i + 1]))));
      return mul(x, factors.reduce((a, b) => mul(a, b)));
    },
    initial: (rng) => ({ w: rng.fillNormal(new Float32Array(powers.length)) }),
  };
}

/**
 * f(x) = Σ_{i=0}^{degree} a_i x^i with a [degree + 1] and scalar x (Horner's scheme). Linear in a, so regular
 * with λ = (degree + 1)/2; on a narrow domain the high coefficients are nearly unidentifiable at finite n.
 */
export function polynomialModel(degree: number): RegressionModel {
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError(`degree must be an integer ≥ 0, got ${degree}`);
  return {
    inputDim: 1,
    outputDim: 1,
    params: [{ name: 'a', shape: [degree + 1] }],
    predict: (x, [a]) => {
      let f: Tensor = mul(x, 0);
      for (let i = degree; i >= 0; i--) f = add(i === degree ? f : mul(f, x), slice(a, [i], [i + 1]));
      return f;
    },
    initial: (rng) => ({ a: rng.fillNormal(new Float32Array(degree + 1), 0.1) }),
  };
}
