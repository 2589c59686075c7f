import { toyModelPreset } from '../../toys/models/registry';
import { dynamicTime, dynamicTimeFromRecords } from './dynamicTime';
import { fitLossVsTime, type LossVsTimeFit, type LossVsTimeOptions } from './lossVsTime';
import { readLossCurve, type LossCurve } from './lossCurveFile';
import { parseLrSchedule } from './lrSchedule';
import { fitPowerLaw, type PowerLawFit } from './powerLawFit';
import { inWindow, logBinned } from './logBins';

export interface FitTimeOptions extends LossVsTimeOptions {
  /** Fit against steps (default) or dynamic time τ = Σ lr. */
  time?: 'steps' | 'dynamic';
  /** The schedule τ sums (see parseLrSchedule); without it τ comes from the curve's recorded lr. */
  schedule?: string;
  /** Peak learning rate the schedule is scaled by (default 1: τ in units of peak-lr steps). */
  peakLr?: number;
}

export interface FitTimeReport extends LossVsTimeFit {
  source: string;
  points: number;
  /** What the fits' t is. */
  time: string;
}

/** Both fits and the local slopes of a loss curve, against steps or dynamic time. */
export function fitTimeCurve(curve: LossCurve, options: FitTimeOptions = {}): FitTimeReport {
  const time = options.time ?? 'steps';
  let t = curve.t;
  let timeText = 'training steps';
  if (time === 'dynamic') {
    if (options.schedule) {
      t = dynamicTime(curve.t, parseLrSchedule(options.schedule, options.peakLr));
      timeText = `dynamic time τ = Σ_{s≤t} η(s), schedule ${options.schedule}${options.peakLr ? ` × ${options.peakLr}` : ''}`;
    } else if (curve.lr) {
      t = dynamicTimeFromRecords(curve.t, curve.lr);
      timeText = 'dynamic time τ = Σ η, the trapezoid rule over the recorded learning rates';
    } else {
      throw new RangeError(`${curve.source}: dynamic time needs a schedule or a recorded learning rate (an lr column), and the curve has none`);
    }
  }
  return { source: curve.source, points: curve.t.length, time: timeText, ...fitLossVsTime(t, curve.loss, options) };
}

/** fit-time on a loss file or run folder. */
export async function fitTimeFile(path: string, options: FitTimeOptions & { metric?: string } = {}): Promise<FitTimeReport> {
  return fitTimeCurve(await readLossCurve(path, { metric: options.metric }), options);
}

export interface FitTimeToyOptions extends FitTimeOptions {
  steps?: number;
  seed?: number;
  overrides?: Record<string, number>;
  metric?: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface FitTimeToyReport extends FitTimeReport {
  preset: string;
  config: Record<string, number | string | boolean>;
  /** Peaked softmax: the student's inverse temperature β(t) ∝ t^(growth) over the power law's window (theory 1/3). */
  betaGrowth?: PowerLawFit & { growth: number };
}

/**
 * Trains a toy preset (`toy:peaked-softmax` by default settings: the SGD run whose loss falls as t^(−1/3)) and
 * fits its recorded held-out loss.
 */
export async function fitTimeToy(target: string, options: FitTimeToyOptions = {}): Promise<FitTimeToyReport> {
  const preset = toyModelPreset(target.replace(/^toy:/, ''));
  const run = await preset.train({ seed: options.seed ?? 0, steps: options.steps, overrides: options.overrides, log: options.log, signal: options.signal });
  const metric = options.metric ?? 'loss';
  const records = run.records.filter((r) => r.step > 0 && Number.isFinite(r[metric]));
  if (records.length === 0) throw new RangeError(`${preset.name} records no '${metric}'`);
  const curve: LossCurve = {
    source: `toy:${preset.name}`,
    t: records.map((r) => r.step),
    loss: records.map((r) => r[metric]),
    lr: records.every((r) => 'lr' in r) ? records.map((r) => r.lr) : undefined,
  };
  const report = fitTimeCurve(curve, options);
  const out: FitTimeToyReport = { ...report, preset: preset.name, config: run.config };
  if (records.every((r) => r.beta > 0)) {
    const window = inWindow(logBinned(curve.t, records.map((r) => r.beta), report.perDecade), report.powerLaw.from, report.powerLaw.to);
    const fit = fitPowerLaw(window.x, window.y);
    out.betaGrowth = { ...fit, growth: -fit.alpha };
  }
  return out;
}
