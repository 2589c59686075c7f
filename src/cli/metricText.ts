import type { Metric } from '../engine/sae/metrics';

/** One line per metric: label, value, and the formula it was computed by. */
export function metricLines(metrics: readonly Metric[]): string[] {
  const width = Math.max(0, ...metrics.map((m) => m.label.length));
  return metrics.map((m) => `${m.label.padEnd(width)}  ${formatValue(m.value).padStart(10)}   ${m.formula}`);
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4);
}
