/** The Hedging panel's charts as specs for <saescope-chart>: pure functions of the results. */
import type { BalanceSweepView, HedgingDegreeOutcome, SingleLatentToy } from '../../shared/protocol';
import type { LineChartSpec, Series } from '../shared/chartScene';

/** The vectors chart shows angles from −30° to 90°; its size keeps one unit the same length on both axes. */
const ARC_FROM = -Math.PI / 6;
export const VECTOR_CHART = { height: 300, width: Math.round(56 + 12 + (300 - 48) / (1 - Math.sin(ARC_FROM))) };

/**
 * The parent–child plane (x: along the parent f₀, y: along the child f₁): the optimum direction (cos θ*, sin θ*), the
 * trained decoder row's cosines with f₀ and f₁ (shorter than 1 by what lies off the plane), the encoder column's
 * direction within the plane, and the unit circle for scale.
 */
export function vectorSpec(toy: SingleLatentToy): LineChartSpec {
  const arc: [number, number][] = [];
  for (let i = 0; i <= 48; i++) {
    const a = ARC_FROM + ((Math.PI / 2 - ARC_FROM) * i) / 48;
    arc.push([Math.cos(a), Math.sin(a)]);
  }
  const { analytic, trained } = toy;
  return {
    kind: 'line',
    xLabel: 'parent f₀ →   (↑ child f₁)',
    series: [
      arrow('θ* optimum', analytic.cosParent, analytic.cosChild),
      arrow('trained decoder', trained.decoder.parent, trained.decoder.child),
      arrow('trained encoder', trained.encoder.parent, trained.encoder.child),
      { name: 'unit circle', points: arc },
    ],
  };
}

/** A segment from the origin to (x, y) with an arrowhead, as one polyline. */
function arrow(name: string, x: number, y: number): Series {
  const length = Math.hypot(x, y);
  if (length < 0.1) return { name, points: [[0, 0], [x, y]] };
  const angle = Math.atan2(y, x);
  const wing = (turn: number): [number, number] => [x - 0.07 * Math.cos(angle + turn), y - 0.07 * Math.sin(angle + turn)];
  return { name, points: [[0, 0], [x, y], wing(0.45), [x, y], wing(-0.45)] };
}

/** The random baselines' portions as a histogram outline, with p and its baseline b marked. */
export function baselineSpec(d: HedgingDegreeOutcome, bins = 12): LineChartSpec {
  const samples = d.baselineSamples;
  const lo = Math.min(...samples);
  const hi = Math.max(...samples);
  const width = hi > lo ? (hi - lo) / bins : Math.max(Math.abs(lo), 1e-6) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const s of samples) counts[Math.min(bins - 1, Math.floor((s - lo) / width))]++;
  const outline: [number, number][] = [[lo, 0]];
  counts.forEach((c, i) => outline.push([lo + i * width, c], [lo + (i + 1) * width, c]));
  outline.push([lo + bins * width, 0]);
  return {
    kind: 'line',
    xLabel: 'portion of Δ in the new latents’ span',
    series: [{ name: `${samples.length} random spans`, points: outline }],
    markers: [
      { x: d.portion, label: `p ${d.portion.toFixed(4)}`, colour: 'series1' },
      { x: d.baseline, label: `b ${d.baseline.toFixed(4)}`, colour: 'muted' },
    ],
  };
}

/** Absorption and hedging of the parent latents against γ (the detached run has no γ and is left out); mixing is their larger. */
export function gammaSpec(sweep: BalanceSweepView): LineChartSpec {
  const runs = sweep.runs.filter((r) => r.gamma !== null).sort((a, b) => a.gamma! - b.gamma!);
  const curve = (pick: (r: (typeof runs)[number]) => number): [number, number][] => runs.map((r) => [r.gamma!, pick(r)]);
  return {
    kind: 'line',
    xLabel: 'γ (weight of the inner Matryoshka level)',
    dots: true,
    series: [
      { name: 'absorption (encoder)', points: curve((r) => Math.max(...r.parents.map((p) => p.absorption))) },
      { name: 'hedging (decoder)', points: curve((r) => Math.max(...r.parents.map((p) => p.hedging))) },
    ],
    markers: sweep.balance ? [{ x: sweep.balance.gamma, label: `balance γ = ${sweep.balance.gamma}`, colour: 'fg' }] : [],
  };
}
