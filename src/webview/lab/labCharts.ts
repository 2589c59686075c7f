/** The Dynamics lab's charts as specs for <saescope-chart>: pure functions of the results. */
import type { FitTimeView, WidthScalingView } from '../../shared/protocol';
import type { LineChartSpec } from '../shared/chartScene';

/** A power law a·x^−α drawn over [from, to] (a straight line on log–log axes; a few points suffice). */
function powerLawCurve(f: (x: number) => number, from: number, to: number, points = 24): [number, number][] {
  return Array.from({ length: points }, (_, i) => {
    const x = from * (to / from) ** (i / (points - 1));
    return [x, f(x)];
  });
}

/** Loss against t on log–log axes: the binned curve, the pure power law on its window, the floored fit on its own. */
export function lossVsTimeSpec(fit: FitTimeView): LineChartSpec {
  const p = fit.powerLaw;
  const floor = fit.powerLawWithFloor;
  return {
    kind: 'line',
    logX: true,
    logY: true,
    xLabel: `t (${fit.time})`,
    series: [
      { name: 'loss (log-binned)', points: fit.curve.t.map((t, i) => [t, fit.curve.loss[i]]) },
      { name: `a·t^−α, α = ${p.alpha.toFixed(3)}`, points: powerLawCurve((t) => p.prefactor * t ** -p.alpha, p.from, p.to) },
      ...(floor ? [{ name: `c·t^−α + L0, α = ${floor.alpha.toFixed(3)}`, points: powerLawCurve((t) => floor.c * t ** -floor.alpha + floor.l0, floor.from, floor.to, 48) }] : []),
    ],
    markers: [{ x: p.from, label: 'window', colour: 'series1' }],
  };
}

/** α_loc(t) against t, with the pure fit's α and, for the peaked softmax, the theory's 1/3. */
export function localSlopeSpec(fit: FitTimeView): LineChartSpec {
  const slopes = fit.localSlopes;
  const span: [number, number] = [slopes[0]?.t ?? fit.curve.t[0], slopes.at(-1)?.t ?? fit.curve.t.at(-1)!];
  const level = (y: number): [number, number][] => span.map((t) => [t, y]);
  return {
    kind: 'line',
    logX: true,
    xLabel: 't',
    series: [
      { name: 'α_loc = −Δln L/Δln t', points: slopes.map((s) => [s.t, s.alpha]) },
      { name: `fitted α ${fit.powerLaw.alpha.toFixed(3)}`, points: level(fit.powerLaw.alpha) },
      ...(fit.preset?.startsWith('peaked-softmax') ? [{ name: 'theory 1/3', points: level(1 / 3) }] : []),
    ],
  };
}

/** Final loss against width m on log–log axes, with the fitted L ∝ m^−α_m. */
export function lossVsWidthSpec(s: WidthScalingView): LineChartSpec {
  const e = s.exponent;
  const ms = s.widths.map((w) => w.m);
  return {
    kind: 'line',
    logX: true,
    logY: true,
    dots: true,
    xLabel: 'width m',
    series: [
      { name: 'final loss', points: s.widths.map((w) => [w.m, w.loss]) },
      ...(e ? [{ name: `a·m^−α_m, α_m = ${e.alpha.toFixed(3)}`, points: powerLawCurve((m) => e.prefactor * m ** -e.alpha, Math.min(...ms), Math.max(...ms), 8) }] : []),
      { name: 'unrepresented features\u2019 loss', points: s.widths.filter((w) => w.unrepresentedLoss > 0).map((w) => [w.m, w.unrepresentedLoss]) },
    ],
  };
}

/** The mean squared overlap of represented rows against m beside 1/m, on log–log axes. */
export function overlapSpec(s: WidthScalingView): LineChartSpec {
  return {
    kind: 'line',
    logX: true,
    logY: true,
    dots: true,
    xLabel: 'width m',
    series: [
      { name: 'mean (Ŵ_i·Ŵ_j)²', points: s.widths.filter((w) => w.meanSquaredOverlap !== null && w.meanSquaredOverlap > 0).map((w) => [w.m, w.meanSquaredOverlap!]) },
      { name: '1/m', points: s.widths.map((w) => [w.m, 1 / w.m]) },
    ],
  };
}
