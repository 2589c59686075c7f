import { Rng } from '../../../util/random';

/** A fixed regression data set: x [rows, inputDim] and y [rows, outputDim], row-major. */
export interface RegressionData {
  rows: number;
  inputDim: number;
  outputDim: number;
  x: Float32Array;
  y: Float32Array;
  /** The true map as a matrix [outputDim, inputDim] (y = x·teacherᵀ + noise) for the linear families; the polynomial's coefficients. */
  teacher?: Float32Array;
}

/** y = x·teacherᵀ + noise·ξ with x ~ N(0, I), ξ ~ N(0, I). */
function linearData(rng: Rng, rows: number, teacher: Float32Array, inputDim: number, outputDim: number, noise: number): RegressionData {
  const x = rng.fillNormal(new Float32Array(rows * inputDim));
  const y = new Float32Array(rows * outputDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outputDim; o++) {
      let s = 0;
      for (let i = 0; i < inputDim; i++) s += x[r * inputDim + i] * teacher[o * inputDim + i];
      y[r * outputDim + o] = s + noise * rng.normal();
    }
  }
  return { rows, inputDim, outputDim, x, y, teacher };
}

/**
 * dynamics-methods §6 target 1: y = wᵀx + noise·N(0, 1), x ~ N(0, I_d). The spec does not give the
 * teacher's law; we draw w ~ N(0, I_d).
 */
export function linearRegressionData(rng: Rng, rows: number, inputDim: number, noise: number): RegressionData {
  const teacher = rng.fillNormal(new Float32Array(inputDim));
  return linearData(rng, rows, teacher, inputDim, 1, noise);
}

/**
 * §6 target 3: teacher C = U(−1, 1)^{N×r}·U(−1, 1)^{r×M} of rank r, x ~ N(0, I_M), y = Cx + noise·ξ
 * (noise-free there). Rank 0 with noise 1 is devinterp's rrr_test: x and y independent N(0, 1).
 */
export function reducedRankData(rng: Rng, rows: number, inputs: number, outputs: number, rank: number, noise: number): RegressionData {
  const left = rng.fillUniform(new Float32Array(outputs * rank), -1, 1);
  const right = rng.fillUniform(new Float32Array(rank * inputs), -1, 1);
  const teacher = new Float32Array(outputs * inputs);
  for (let o = 0; o < outputs; o++) {
    for (let i = 0; i < inputs; i++) {
      let s = 0;
      for (let k = 0; k < rank; k++) s += left[o * rank + k] * right[k * inputs + i];
      teacher[o * inputs + i] = s;
    }
  }
  return linearData(rng, rows, teacher, inputs, outputs, noise);
}

/** §2.2's normal-crossing data (devinterp): x ~ N(0, inputStd²), y = noise·N(0, 1), so the true f ≡ 0. */
export function normalCrossingData(rng: Rng, rows: number, inputStd: number, noise: number): RegressionData {
  return {
    rows,
    inputDim: 1,
    outputDim: 1,
    x: rng.fillNormal(new Float32Array(rows), inputStd),
    y: rng.fillNormal(new Float32Array(rows), noise),
  };
}

/**
 * §6 target 4 (paper 2's Q2.1): a teacher polynomial with coefficients U(−1, 1), x ~ U(−halfWidth, halfWidth),
 * y = Σ a_i x^i + noise·N(0, 1) (noise-free there). The teacher's coefficients are `teacher` [degree + 1].
 */
export function polynomialData(rng: Rng, rows: number, degree: number, halfWidth: number, noise: number): RegressionData {
  const teacher = rng.fillUniform(new Float32Array(degree + 1), -1, 1);
  const x = rng.fillUniform(new Float32Array(rows), -halfWidth, halfWidth);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let f = 0;
    for (let i = degree; i >= 0; i--) f = f * x[r] + teacher[i];
    y[r] = f + noise * rng.normal();
  }
  return { rows, inputDim: 1, outputDim: 1, x, y, teacher };
}
