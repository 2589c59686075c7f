import { trainTms, TMS_DEFAULTS } from '../../toys/models/superposition/tmsPreset';
import { fitPowerLaw, type PowerLawFit } from './powerLawFit';

export interface SuperpositionScalingOptions {
  /** 'strong' trains with signed weight decay γ = −1, 'weak' with γ = +1 (default strong). */
  regime?: 'strong' | 'weak';
  /** γ itself, overriding the regime's. */
  weightDecay?: number;
  /** The exponent of the feature frequencies p_i ∝ i^(−α) (default 1). */
  alpha?: number;
  /** Widths m (default 4, 6, 8, 12, 16). */
  widths?: number[];
  /** Features n (default 128). */
  features?: number;
  steps?: number;
  batch?: number;
  /** Peak learning rate (default 0.01). */
  lr?: number;
  /** Warm-up steps (default a tenth of the steps). */
  warmup?: number;
  seed?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface WidthResult {
  m: number;
  /** Held-out loss after the last step. */
  loss: number;
  /** φ_{1/2}: the fraction of features with ‖W_i‖ > 1/2. */
  fractionRepresented: number;
  /** Mean (Ŵ_i·Ŵ_j)² over pairs of represented rows; random directions in R^m give 1/m. */
  meanSquaredOverlap: number | null;
  /** meanSquaredOverlap·m. */
  overlapTimesM: number | null;
  meanRowNorm: number;
  /** (⟨v²⟩/n)·Σ_{i unrepresented} p_i: the loss the unrepresented features alone cost (the weak regime's whole loss). */
  unrepresentedLoss: number;
}

export interface SuperpositionScalingReport {
  regime: string;
  weightDecay: number;
  alpha: number;
  features: number;
  steps: number;
  batch: number;
  seed: number;
  widths: WidthResult[];
  /** L ∝ m^(−α_m), OLS of ln L on ln m; null when a run was cancelled before two widths finished. */
  exponent: PowerLawFit | null;
  /** What the paper's theory predicts for α_m here. */
  theory: string;
  cancelled: boolean;
}

/**
 * Loss against width in the superposition toy (Liu, Liu & Gore 2025; dynamics-methods §3): one `tms` run per
 * width m on the same seed, each reporting its final held-out loss and the geometry of W's rows, then the
 * model exponent α_m from a log–log fit of loss against m.
 */
export async function runSuperpositionScaling(o: SuperpositionScalingOptions = {}): Promise<SuperpositionScalingReport> {
  const regime = o.regime ?? 'strong';
  const weightDecay = o.weightDecay ?? (regime === 'strong' ? -1 : 1);
  const alpha = o.alpha ?? 1;
  const widths = o.widths ?? [4, 6, 8, 12, 16];
  const features = o.features ?? 128;
  const steps = o.steps ?? TMS_DEFAULTS.steps;
  const batch = o.batch ?? TMS_DEFAULTS.batch;
  const seed = o.seed ?? 0;
  if (widths.length < 2 || widths.some((m) => !Number.isInteger(m) || m < 1)) throw new RangeError(`widths must be at least two positive integers, got ${widths.join(', ')}`);
  const results: WidthResult[] = [];
  let cancelled = false;
  for (const m of widths) {
    if (o.signal?.aborted) {
      cancelled = true;
      break;
    }
    const overrides: Record<string, number> = { features, hidden: m, alpha, weightDecay, batch, recordEvery: steps, warmup: o.warmup ?? Math.round(steps / 10) };
    if (o.lr !== undefined) overrides.lr = o.lr;
    const run = await trainTms({ seed, steps, overrides, signal: o.signal });
    if (run.cancelled) {
      cancelled = true;
      break;
    }
    const last = run.records.at(-1)!;
    const overlap = last.meanSquaredOverlap ?? null;
    results.push({
      m,
      loss: last.loss,
      fractionRepresented: last.fractionRepresented,
      meanSquaredOverlap: overlap,
      overlapTimesM: overlap === null ? null : overlap * m,
      meanRowNorm: last.meanRowNorm,
      unrepresentedLoss: last.unrepresentedLoss,
    });
    o.log?.(`m ${m}: loss ${last.loss.toPrecision(4)}, φ ${last.fractionRepresented.toFixed(3)}, overlap·m ${overlap === null ? '—' : (overlap * m).toFixed(3)}`);
  }
  return {
    regime: weightDecay < 0 ? 'strong' : 'weak',
    weightDecay,
    alpha,
    features,
    steps,
    batch,
    seed,
    widths: results,
    exponent: results.length >= 2 ? fitPowerLaw(results.map((r) => r.m), results.map((r) => r.loss)) : null,
    theory: weightDecay < 0
      ? 'strong superposition: interference of ~unit rows overlapping as 1/m gives α_m ≈ 1 (≈ 2(α − 1) for very skewed frequencies)'
      : `weak superposition: the loss is what the ≈ m unrepresented-feature tail costs, α_m = α − 1 = ${(alpha - 1).toFixed(2)} (a power law only for α > 1)`,
    cancelled,
  };
}
