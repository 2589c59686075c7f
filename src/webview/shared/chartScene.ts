/**
 * A chart as a list of drawing primitives in pixel space, built once from the data and drawn three ways: as SVG
 * by Lit (on screen), as an SVG file, and on a canvas (PNG). Colours are names resolved from --vscode-* variables.
 */
export type ChartColour = 'fg' | 'muted' | 'grid' | 'series0' | 'series1' | 'series2' | 'series3';

export type Primitive =
  | { kind: 'path'; points: [number, number][]; colour: ChartColour; width: number }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; colour: ChartColour }
  | { kind: 'text'; x: number; y: number; text: string; colour: ChartColour; anchor: 'start' | 'middle' | 'end' };

export interface Scene {
  width: number;
  height: number;
  primitives: Primitive[];
}

export interface Series {
  name: string;
  points: [number, number][];
}

export interface LineChartSpec {
  kind: 'line';
  series: Series[];
  xLabel: string;
  logY?: boolean;
  /** A log x axis; points at x ≤ 0 (e.g. step 0) are left out. */
  logX?: boolean;
  /** Each point also drawn as a dot (for curves of few points). */
  dots?: boolean;
  /** Labelled vertical lines, e.g. a recommended value. */
  markers?: ChartMarker[];
}

export interface ChartMarker {
  x: number;
  label: string;
  colour: ChartColour;
}

export interface BarChartSpec {
  kind: 'bars';
  edges: number[];
  counts: number[];
  xLabel: string;
  logY?: boolean;
}

export type ChartSpec = LineChartSpec | BarChartSpec;

const MARGIN = { left: 56, right: 12, top: 12, bottom: 36 };
const TICKS = 5;

export function buildScene(spec: ChartSpec, width: number, height: number): Scene {
  const primitives: Primitive[] = [];
  const plot = { x0: MARGIN.left, x1: width - MARGIN.right, y0: height - MARGIN.bottom, y1: MARGIN.top };
  const xs = spec.kind === 'line' ? [...spec.series.flatMap((s) => s.points.map((p) => p[0])), ...(spec.markers ?? []).map((m) => m.x)] : spec.edges;
  const ys = spec.kind === 'line' ? spec.series.flatMap((s) => s.points.map((p) => p[1])) : [0, ...spec.counts];
  const logY = spec.logY === true;
  const yValues = logY ? ys.filter((y) => y > 0) : ys;
  const logX = spec.kind === 'line' && spec.logX === true;
  const xRange = logX ? logExtent(xs.filter((x) => x > 0)) : extent(xs);
  const yRange = logY ? logExtent(yValues) : padZero(extent(yValues));
  const fy = (y: number) => {
    const t = logY ? (Math.log10(Math.max(y, yRange[0])) - Math.log10(yRange[0])) / (Math.log10(yRange[1]) - Math.log10(yRange[0])) : (y - yRange[0]) / (yRange[1] - yRange[0]);
    return plot.y0 + t * (plot.y1 - plot.y0);
  };
  const fx = (x: number) => {
    const t = logX ? (Math.log10(Math.max(x, xRange[0])) - Math.log10(xRange[0])) / (Math.log10(xRange[1]) - Math.log10(xRange[0])) : (x - xRange[0]) / (xRange[1] - xRange[0]);
    return plot.x0 + t * (plot.x1 - plot.x0);
  };
  for (const tick of logY ? logTicks(yRange) : linearTicks(yRange)) {
    primitives.push({ kind: 'path', points: [[plot.x0, fy(tick)], [plot.x1, fy(tick)]], colour: 'grid', width: 1 });
    primitives.push({ kind: 'text', x: plot.x0 - 6, y: fy(tick) + 4, text: formatTick(tick), colour: 'muted', anchor: 'end' });
  }
  for (const tick of logX ? logTicks(xRange) : linearTicks(xRange)) {
    primitives.push({ kind: 'text', x: fx(tick), y: plot.y0 + 16, text: formatTick(tick), colour: 'muted', anchor: 'middle' });
  }
  primitives.push({ kind: 'path', points: [[plot.x0, plot.y1], [plot.x0, plot.y0], [plot.x1, plot.y0]], colour: 'muted', width: 1 });
  primitives.push({ kind: 'text', x: (plot.x0 + plot.x1) / 2, y: height - 4, text: spec.xLabel, colour: 'fg', anchor: 'middle' });
  if (spec.kind === 'line') {
    spec.series.forEach((series, i) => {
      const colour = `series${i % 4}` as ChartColour;
      const points = series.points.filter((p) => (!logY || p[1] > 0) && (!logX || p[0] > 0)).map(([x, y]): [number, number] => [fx(x), fy(y)]);
      if (points.length > 0) primitives.push({ kind: 'path', points, colour, width: 1.5 });
      if (spec.dots) for (const [x, y] of points) primitives.push({ kind: 'rect', x: x - 2, y: y - 2, w: 4, h: 4, colour });
      primitives.push({ kind: 'text', x: plot.x1, y: plot.y1 + 12 + 14 * i, text: series.name, colour, anchor: 'end' });
    });
    (spec.markers ?? []).forEach((marker, i) => {
      const x = fx(marker.x);
      primitives.push({ kind: 'path', points: [[x, plot.y0], [x, plot.y1]], colour: marker.colour, width: 1 });
      // Labels sit on the side of the line with more room, so one at the plot's edge is not cut off.
      const right = x < (plot.x0 + plot.x1) / 2;
      primitives.push({ kind: 'text', x: right ? x + 3 : x - 3, y: plot.y0 - 6 - 14 * i, text: marker.label, colour: marker.colour, anchor: right ? 'start' : 'end' });
    });
  } else {
    spec.counts.forEach((count, i) => {
      if (count <= 0) return;
      const x = fx(spec.edges[i]);
      const top = fy(count);
      primitives.push({ kind: 'rect', x, y: top, w: Math.max(1, fx(spec.edges[i + 1]) - x - 1), h: plot.y0 - top, colour: 'series0' });
    });
  }
  return { width, height, primitives };
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

function padZero([lo, hi]: [number, number]): [number, number] {
  return [Math.min(lo, 0) === lo ? lo : 0, hi];
}

function logExtent(values: number[]): [number, number] {
  const [lo, hi] = extent(values.length > 0 ? values : [1]);
  const low = 10 ** Math.floor(Math.log10(Math.max(lo, 1e-12)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(hi, low * 10)));
  return [low, high > low ? high : low * 10];
}

function linearTicks([lo, hi]: [number, number]): number[] {
  const step = niceStep((hi - lo) / TICKS);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

function logTicks([lo, hi]: [number, number]): number[] {
  const ticks: number[] = [];
  for (let e = Math.round(Math.log10(lo)); e <= Math.round(Math.log10(hi)); e++) ticks.push(10 ** e);
  return ticks;
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10) * power;
}

export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(0) : String(Number(value.toPrecision(3)));
}
