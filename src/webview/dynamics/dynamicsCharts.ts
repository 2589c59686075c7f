/** The Dynamics panel's charts as specs for <saescope-chart>: pure functions of the results. */
import type { ChartMarker, LineChartSpec, Series } from '../shared/chartScene';
import type { CheckpointLlcView, LlcTraceView, PairTrajectoryView } from '../../shared/protocol';

type Point = [number, number];

/** Points whose value is known (null: a diverged chain, a constant trace). */
function known(xs: readonly number[], ys: readonly (number | null)[]): Point[] {
  return xs.flatMap((x, i) => (ys[i] === null || ys[i] === undefined ? [] : [[x, ys[i]] as Point]));
}

/** The outline of a mean ± std band as one closed polyline: the upper edge forward, the lower edge back. */
export function bandOutline(xs: readonly number[], mean: readonly (number | null)[], std: readonly (number | null)[]): Point[] {
  const upper: Point[] = [];
  const lower: Point[] = [];
  xs.forEach((x, i) => {
    const m = mean[i];
    const s = std[i];
    if (m === null || s === null) return;
    upper.push([x, m + s]);
    lower.push([x, m - s]);
  });
  return upper.length ? [...upper, ...lower.reverse(), upper[0]] : [];
}

const horizontal = (name: string, xs: readonly number[], y: number): Series => ({ name, points: [[xs[0], y], [xs[xs.length - 1], y]] });

/** Each chain's binned trace nβ·(L_t − L(w*)): they should rise from 0 and level off around λ̂. */
export function chainTracesSpec(trace: LlcTraceView): LineChartSpec {
  return {
    kind: 'line',
    xLabel: 'draw',
    series: trace.perChain.map((values, c) => ({ name: `chain ${c}`, points: known(trace.draws, values) })),
  };
}

/** The mean over chains with its ±std band, beside λ̂ and (where known) the theoretical λ. */
export function meanTraceSpec(trace: LlcTraceView, llc: number, theory: number | null): LineChartSpec {
  const series: Series[] = [
    { name: 'mean over chains', points: known(trace.draws, trace.mean) },
    { name: '± std over chains', points: bandOutline(trace.draws, trace.mean, trace.std) },
  ];
  if (trace.draws.length > 0) {
    series.push(horizontal(`λ̂ = ${llc.toFixed(3)}`, trace.draws, llc));
    if (theory !== null) series.push(horizontal(`λ (theory) = ${theory}`, trace.draws, theory));
  }
  return { kind: 'line', xLabel: 'draw', series };
}

function stageMarkers(boundaries: readonly number[]): ChartMarker[] {
  return boundaries.map((step, i) => ({ x: step, label: `stage ${i + 2}`, colour: 'muted' }));
}

/** A loss curve is drawn on a log axis when it is positive and spans at least 1.5 decades. */
export function wantsLogY(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0))) return false;
  return Math.log10(Math.max(...values) / Math.min(...values)) >= 1.5;
}

export function lossCurveSpec(curve: { key: string; steps: number[]; values: number[] }, boundaries: readonly number[]): LineChartSpec {
  return {
    kind: 'line',
    xLabel: 'step',
    logY: wantsLogY(curve.values),
    series: [{ name: curve.key, points: curve.steps.map((s, i): Point => [s, curve.values[i]]) }],
    markers: stageMarkers(boundaries),
  };
}

/** λ̂ at each checkpoint with its ±std (over chains) band, and the stage boundaries. */
export function llcByStepSpec(checkpoints: readonly CheckpointLlcView[], boundaries: readonly number[]): LineChartSpec {
  const steps = checkpoints.map((c) => c.step);
  const mean = checkpoints.map((c) => c.llc?.mean ?? null);
  const std = checkpoints.map((c) => c.llc?.std ?? null);
  return {
    kind: 'line',
    xLabel: 'step',
    dots: true,
    series: [
      { name: 'λ̂ (mean over chains)', points: known(steps, mean) },
      { name: '± std', points: bandOutline(steps, mean, std) },
    ],
    markers: stageMarkers(boundaries),
  };
}

/**
 * One pair's correlation against step beside its first-order proxy; sign flips (at the first checkpoint of the new
 * sign), peaks and the stage boundaries marked.
 */
export function trajectorySpec(pair: PairTrajectoryView, boundaries: readonly number[]): LineChartSpec {
  const series: Series[] = [{ name: `corr(ℓ_${pair.source}, ℓ_${pair.target})`, points: known(pair.steps, pair.correlation) }];
  if (pair.proxyCorrelation) series.push({ name: 'first-order proxy', points: known(pair.steps, pair.proxyCorrelation) });
  return {
    kind: 'line',
    xLabel: 'step   (corr > 0: helpful, < 0: harmful)',
    dots: true,
    series,
    markers: [
      ...stageMarkers(boundaries),
      ...pair.marks.flips.map((f): ChartMarker => ({ x: f.step, label: `flip → ${f.to}`, colour: 'fg' })),
      ...pair.marks.peaks.map((p): ChartMarker => ({ x: p.step, label: `peak ${p.correlation.toFixed(2)}`, colour: p.sign === 'harmful' ? 'series1' : 'series2' })),
    ],
  };
}

/** Every pair's correlation on one chart, with the stage boundaries. */
export function allPairsSpec(pairs: readonly PairTrajectoryView[], boundaries: readonly number[]): LineChartSpec {
  return {
    kind: 'line',
    xLabel: 'step',
    series: pairs.map((p) => ({ name: p.pair, points: known(p.steps, p.correlation) })),
    markers: stageMarkers(boundaries),
  };
}
