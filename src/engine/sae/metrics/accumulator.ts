import { CompensatedSum, compensatedTotal } from './compensatedSum';

/** What one pass over an eval set gives: dataset-level values, each defined in `metric.ts` under the same name. */
export interface ReconstructionStats {
  rows: number;
  dIn: number;
  dSae: number;
  l0: number;
  l1: number;
  mse: number;
  msePerElement: number;
  explainedVariance: number;
  explainedVarianceUncentred: number;
  explainedVarianceLegacy: number;
  /** Rows left out of the legacy mean because x_b equals its batch mean (the per-token ratio is 0/0 or x/0 there). */
  legacySkippedRows: number;
  normalizedMse: number;
  cossim: number;
  l2NormIn: number;
  l2NormOut: number;
  l2Ratio: number;
  relativeReconstructionBias: number;
  /** count_i = #{b : a_bi ≠ 0} per latent, over every row seen. */
  fireCounts: Float64Array;
}

/**
 * SAELens answers 1 or 0 where the variance is 0 (`ExplainedVarianceCalculator`); we answer NaN, since a constant
 * x leaves the fraction undefined and a made-up 1 or 0 would read as a real score.
 */
function fraction(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

/** SAELens divides by 1 instead of ‖x‖ below this norm when it forms the l2 ratio (`evals.py`). */
const L2_RATIO_MIN_NORM = 1e-4;

/**
 * Streams an eval set batch by batch and keeps the sums (float64, compensated) that make every metric exact over
 * the whole set: the result does not depend on how rows are split into batches, except the legacy explained
 * variance, whose definition (SAELens `explained_variance_legacy`) centres each row on its own batch's mean.
 * Legacy values are averaged over all rows (token-weighted), as SAELens does with `torch.cat(...).mean()`.
 *
 * The centred variance Σ_b ‖x_b − x̄‖² is kept as per-dimension means and centred sums of squares merged batch by
 * batch (Chan et al.), never as E‖x‖² − ‖E x‖², which cancels catastrophically when x has a large mean.
 */
export class MetricsAccumulator {
  private readonly fireCounts: Float64Array;
  private rows = 0;
  private readonly mean: Float64Array;
  private readonly centredSquares: Float64Array;
  private readonly batchMean: Float64Array;
  private readonly batchCentredSquares: Float64Array;
  private readonly activeLatents = new CompensatedSum();
  private readonly absActivations = new CompensatedSum();
  private readonly squaredError = new CompensatedSum();
  private readonly squaredNorm = new CompensatedSum();
  private readonly squaredNormOut = new CompensatedSum();
  private readonly innerProduct = new CompensatedSum();
  private readonly normIn = new CompensatedSum();
  private readonly normOut = new CompensatedSum();
  private readonly normRatio = new CompensatedSum();
  private readonly cosine = new CompensatedSum();
  private readonly legacyRatio = new CompensatedSum();
  private legacyRows = 0;

  constructor(
    readonly dIn: number,
    readonly dSae: number,
  ) {
    if (!Number.isInteger(dIn) || dIn < 1 || !Number.isInteger(dSae) || dSae < 1) {
      throw new RangeError(`d_in and d_sae must be positive integers, got ${dIn} and ${dSae}`);
    }
    this.fireCounts = new Float64Array(dSae);
    this.mean = new Float64Array(dIn);
    this.centredSquares = new Float64Array(dIn);
    this.batchMean = new Float64Array(dIn);
    this.batchCentredSquares = new Float64Array(dIn);
  }

  get rowCount(): number {
    return this.rows;
  }

  /** x [B, d_in], xHat [B, d_in], acts [B, d_sae], all row-major. */
  addBatch(x: Float32Array, xHat: Float32Array, acts: Float32Array): void {
    const { dIn, dSae } = this;
    const batch = x.length / dIn;
    if (!Number.isInteger(batch) || xHat.length !== x.length || acts.length !== batch * dSae) {
      throw new RangeError(
        `batch shapes disagree: x has ${x.length} values, xHat ${xHat.length}, acts ${acts.length} (d_in ${dIn}, d_sae ${dSae})`,
      );
    }
    if (batch === 0) return;
    this.computeBatchMean(x, batch);
    this.batchCentredSquares.fill(0);
    for (let b = 0; b < batch; b++) {
      this.addReconstructionRow(x, xHat, b * dIn);
      this.addActivationRow(acts, b * dSae);
    }
    this.mergeBatchMoments(batch);
  }

  /** Means over no rows are NaN, and so is explained variance where x has no variance to explain. */
  stats(): ReconstructionStats {
    const n = this.rows;
    const squaredError = this.squaredError.value;
    const centredVariance = compensatedTotal(this.centredSquares);
    return {
      rows: n,
      dIn: this.dIn,
      dSae: this.dSae,
      l0: this.activeLatents.value / n,
      l1: this.absActivations.value / n,
      mse: squaredError / n,
      msePerElement: squaredError / (n * this.dIn),
      explainedVariance: 1 - fraction(squaredError, centredVariance),
      explainedVarianceUncentred: 1 - fraction(squaredError, this.squaredNorm.value),
      explainedVarianceLegacy: this.legacyRatio.value / this.legacyRows,
      legacySkippedRows: n - this.legacyRows,
      normalizedMse: fraction(squaredError, centredVariance),
      cossim: this.cosine.value / n,
      l2NormIn: this.normIn.value / n,
      l2NormOut: this.normOut.value / n,
      l2Ratio: this.normRatio.value / n,
      relativeReconstructionBias: this.squaredNormOut.value / this.innerProduct.value,
      fireCounts: this.fireCounts.slice(),
    };
  }

  private computeBatchMean(x: Float32Array, batch: number): void {
    const { dIn, batchMean } = this;
    batchMean.fill(0);
    for (let b = 0; b < batch; b++) {
      const offset = b * dIn;
      for (let d = 0; d < dIn; d++) batchMean[d] += x[offset + d];
    }
    for (let d = 0; d < dIn; d++) batchMean[d] /= batch;
  }

  private addReconstructionRow(x: Float32Array, xHat: Float32Array, offset: number): void {
    const { dIn, batchMean, batchCentredSquares } = this;
    let squaredError = 0;
    let squaredNorm = 0;
    let squaredNormOut = 0;
    let innerProduct = 0;
    let batchCentredNorm = 0;
    for (let d = 0; d < dIn; d++) {
      const xv = x[offset + d];
      const hv = xHat[offset + d];
      const error = xv - hv;
      const centred = xv - batchMean[d];
      squaredError += error * error;
      squaredNorm += xv * xv;
      squaredNormOut += hv * hv;
      innerProduct += xv * hv;
      batchCentredNorm += centred * centred;
      batchCentredSquares[d] += centred * centred;
    }
    const normIn = Math.sqrt(squaredNorm);
    const normOut = Math.sqrt(squaredNormOut);
    this.squaredError.add(squaredError);
    this.squaredNorm.add(squaredNorm);
    this.squaredNormOut.add(squaredNormOut);
    this.innerProduct.add(innerProduct);
    this.normIn.add(normIn);
    this.normOut.add(normOut);
    this.normRatio.add(normOut / (normIn < L2_RATIO_MIN_NORM ? 1 : normIn));
    // torch's cosine_similarity clamps the norms, which makes the cosine 0 where x or x̂ is 0; we do the same.
    this.cosine.add(normIn > 0 && normOut > 0 ? innerProduct / (normIn * normOut) : 0);
    if (batchCentredNorm > 0) {
      this.legacyRatio.add(1 - squaredError / batchCentredNorm);
      this.legacyRows++;
    }
  }

  private addActivationRow(acts: Float32Array, offset: number): void {
    const { dSae, fireCounts } = this;
    let active = 0;
    let absSum = 0;
    for (let i = 0; i < dSae; i++) {
      const a = acts[offset + i];
      // ≠ 0 rather than > 0, as SAELens now counts, so signed architectures (AbsTopK) count their negative latents.
      if (a !== 0) {
        active++;
        absSum += Math.abs(a);
        fireCounts[i]++;
      }
    }
    this.activeLatents.add(active);
    this.absActivations.add(absSum);
  }

  /** Chan et al.'s pairwise update of per-dimension means and centred sums of squares. */
  private mergeBatchMoments(batch: number): void {
    const { dIn, mean, centredSquares, batchMean, batchCentredSquares } = this;
    const before = this.rows;
    const after = before + batch;
    for (let d = 0; d < dIn; d++) {
      const delta = batchMean[d] - mean[d];
      mean[d] += (delta * batch) / after;
      centredSquares[d] += batchCentredSquares[d] + (delta * delta * before * batch) / after;
    }
    this.rows = after;
  }
}
