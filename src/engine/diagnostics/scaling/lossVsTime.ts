import { fitPowerLawWithFloor, type FloorFit } from './floorFit';
import { localSlopes, type LocalSlope } from './localSlope';
import { inWindow, logBinned } from './logBins';
import { fitPowerLaw, type PowerLawFit } from './powerLawFit';

export interface TimeWindow {
  from?: number;
  to?: number;
}

export interface LossVsTimeOptions {
  /** The pure power law's window; default the last decade of the curve, [t_max/10, t_max]. */
  window?: TimeWindow;
  /** The floored fit's window; default every point with t > 0. */
  floorWindow?: TimeWindow;
  /** Log bins per decade the curve is averaged into before fitting (default 25). */
  perDecade?: number;
}

export interface LossVsTimeFit {
  /** Log bins per decade the curve was averaged into. */
  perDecade: number;
  /** Points with t > 0 after log binning. */
  binnedPoints: number;
  powerLaw: PowerLawFit;
  /** Null when the floor window holds fewer than 4 binned points. */
  powerLawWithFloor: FloorFit | null;
  /** α_loc at each binned point with a neighbour on both sides. */
  localSlopes: LocalSlope[];
}

/**
 * The loss-versus-time fits of dynamics-methods §0.4 on one curve (t ascending, loss > 0; points with t ≤ 0
 * are left out): both fits and the local slopes are computed on the curve averaged in log bins, so each
 * decade weighs the same.
 */
export function fitLossVsTime(t: readonly number[], loss: readonly number[], options: LossVsTimeOptions = {}): LossVsTimeFit {
  const perDecade = options.perDecade ?? 25;
  const binned = logBinned(t, loss, perDecade);
  if (binned.x.length < 2) throw new RangeError(`the loss curve has ${binned.x.length} point(s) with t > 0; a fit needs at least 2`);
  const tMax = binned.x[binned.x.length - 1];
  const window = { from: options.window?.from ?? tMax / 10, to: options.window?.to ?? Infinity };
  const pure = inWindow(binned, window.from, window.to);
  if (pure.x.length < 2) throw new RangeError(`the window [${window.from}, ${window.to}] holds ${pure.x.length} binned point(s); a power-law fit needs at least 2`);
  const floorPoints = inWindow(binned, options.floorWindow?.from ?? 0, options.floorWindow?.to ?? Infinity);
  return {
    perDecade,
    binnedPoints: binned.x.length,
    powerLaw: fitPowerLaw(pure.x, pure.y),
    powerLawWithFloor: floorPoints.x.length >= 4 ? fitPowerLawWithFloor(floorPoints.x, floorPoints.y) : null,
    localSlopes: localSlopes(binned.x, binned.y),
  };
}
