/**
 * The Bayesian influence function (Lee et al. 2025; devinterp `slt/bif.py`) from per-sample loss traces of a
 * local posterior sampler: BIF(i, j) = −Cov(ℓ_i, ℓ_j) over the draws, and the Pearson correlation form that
 * devinterp reports by default (without the minus sign).
 */

/** Per-sample losses recorded at every draw: `data[(chain·draws + draw)·samples + sample]`. */
export interface LossTraces {
  chains: number;
  draws: number;
  samples: number;
  data: Float64Array;
}

/**
 * How chains become observations: `stack` (devinterp's recommended default) treats every chain × draw as one
 * observation; `mean` averages the chains at each draw index and uses the draws as observations.
 */
export type ChainReduction = 'stack' | 'mean';

export interface InfluenceMatrices {
  samples: number;
  /** Observations behind each entry (chains × draws for `stack`, draws for `mean`). */
  observations: number;
  /** Cov(ℓ_i, ℓ_j) with the unbiased 1/(N − 1) normalisation, as np.cov; [samples, samples] row-major. */
  covariance: Float64Array;
  /** Cov / (σ_i σ_j) with the diagonal set to 1; NaN off the diagonal where a trace is constant. */
  correlation: Float64Array;
  /** BIF(i, j) = −Cov(ℓ_i, ℓ_j): negative means upweighting i lowers ℓ_j (helpful), positive harmful. */
  influence: Float64Array;
}

export function emptyTraces(chains: number, draws: number, samples: number): LossTraces {
  for (const [name, v] of [['chains', chains], ['draws', draws], ['samples', samples]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`loss traces need a positive integer number of ${name}, got ${v}`);
  }
  return { chains, draws, samples, data: new Float64Array(chains * draws * samples) };
}

/** Store the losses of every sample at one draw of one chain. */
export function recordDraw(traces: LossTraces, chain: number, draw: number, losses: ArrayLike<number>): void {
  if (losses.length !== traces.samples) throw new RangeError(`draw has ${losses.length} losses, the traces hold ${traces.samples} samples`);
  if (!(chain >= 0 && chain < traces.chains && draw >= 0 && draw < traces.draws)) {
    throw new RangeError(`draw (chain ${chain}, draw ${draw}) outside ${traces.chains} chains × ${traces.draws} draws`);
  }
  const offset = (chain * traces.draws + draw) * traces.samples;
  for (let s = 0; s < traces.samples; s++) traces.data[offset + s] = losses[s];
}

/** The observations [N, samples] that the covariance is taken over. */
export function observationsOf(traces: LossTraces, reduction: ChainReduction): { rows: number; data: Float64Array } {
  const { chains, draws, samples, data } = traces;
  if (reduction === 'stack') return { rows: chains * draws, data };
  const mean = new Float64Array(draws * samples);
  for (let c = 0; c < chains; c++) {
    for (let k = 0; k < draws * samples; k++) mean[k] += data[c * draws * samples + k] / chains;
  }
  return { rows: draws, data: mean };
}

/** Sample covariance of the columns of an [N, S] matrix, two-pass in float64, normalised by N − 1. */
export function columnCovariance(rows: number, columns: number, data: ArrayLike<number>): Float64Array {
  if (rows < 2) throw new RangeError(`a covariance needs at least 2 observations, got ${rows}`);
  const mean = new Float64Array(columns);
  for (let r = 0; r < rows; r++) for (let s = 0; s < columns; s++) mean[s] += data[r * columns + s];
  for (let s = 0; s < columns; s++) mean[s] /= rows;
  const cov = new Float64Array(columns * columns);
  const centred = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < columns; s++) centred[s] = data[r * columns + s] - mean[s];
    for (let i = 0; i < columns; i++) {
      const ci = centred[i];
      for (let j = i; j < columns; j++) cov[i * columns + j] += ci * centred[j];
    }
  }
  for (let i = 0; i < columns; i++) {
    for (let j = i; j < columns; j++) {
      const v = cov[i * columns + j] / (rows - 1);
      cov[i * columns + j] = v;
      cov[j * columns + i] = v;
    }
  }
  return cov;
}

/** Pearson correlation from a covariance matrix; the diagonal is 1 by definition (as devinterp sets it). */
export function correlationFromCovariance(cov: Float64Array, size: number): Float64Array {
  const sd = Array.from({ length: size }, (_, i) => Math.sqrt(cov[i * size + i]));
  const corr = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      corr[i * size + j] = i === j ? 1 : sd[i] > 0 && sd[j] > 0 ? cov[i * size + j] / (sd[i] * sd[j]) : NaN;
    }
  }
  return corr;
}

export function bayesianInfluence(traces: LossTraces, reduction: ChainReduction = 'stack'): InfluenceMatrices {
  const { rows, data } = observationsOf(traces, reduction);
  const covariance = columnCovariance(rows, traces.samples, data);
  return {
    samples: traces.samples,
    observations: rows,
    covariance,
    correlation: correlationFromCovariance(covariance, traces.samples),
    influence: covariance.map((v) => -v),
  };
}
