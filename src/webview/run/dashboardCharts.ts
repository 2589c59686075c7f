/**
 * Which charts the training dashboard draws, from a run's history: for an SAE the loss with its parts, L0, and
 * explained variance with the dead-latent fraction; for a toy model its own metrics, grouped so related curves share
 * a chart. Axes go logarithmic where the data asks for it.
 */
import type { ToyRecord, TrainPoint } from '../../shared/protocol';
import type { Series } from '../shared/chartScene';

export interface DashboardChart {
  /** Short name used for the exported file. */
  name: string;
  title: string;
  series: Series[];
  logY: boolean;
  logX: boolean;
}

/** The most curves one chart shows: the palette has four colours. */
export const SERIES_PER_CHART = 4;

export function saeCharts(history: TrainPoint[]): DashboardChart[] {
  const line = (name: string, value: (p: TrainPoint) => number | undefined): Series => ({
    name,
    points: history.flatMap((p): [number, number][] => {
      const v = value(p);
      return v === undefined ? [] : [[p.step, v]];
    }),
  });
  const partNames = [...new Set(history.flatMap((p) => Object.keys(p.parts ?? {})))];
  return [
    { name: 'loss', title: partNames.length > 0 ? 'loss and its parts' : 'loss', series: [line('loss', (p) => p.loss), ...partNames.map((n) => line(n, (p) => p.parts?.[n]))].slice(0, SERIES_PER_CHART), logY: true, logX: false },
    { name: 'l0', title: 'L0', series: [line('L0', (p) => p.l0)], logY: false, logX: false },
    {
      name: 'explained-variance',
      title: 'explained variance and dead-latent fraction',
      series: [line('explained variance', (p) => p.explainedVariance), line('dead fraction', (p) => p.deadFraction)],
      logY: false,
      logX: false,
    },
  ];
}

/**
 * One chart per group of metrics (see metricGroup), in the order the metrics first appear with the loss group
 * first; a group of more than four metrics is split over several charts.
 */
export function toyCharts(records: ToyRecord[]): DashboardChart[] {
  const names: string[] = [];
  for (const record of records) for (const name of Object.keys(record)) if (name !== 'step' && !names.includes(name)) names.push(name);
  const groups = new Map<string, string[]>();
  for (const name of names) groups.set(metricGroup(name), [...(groups.get(metricGroup(name)) ?? []), name]);
  const ordered = [...groups.entries()].sort(([a], [b]) => Number(b === 'loss') - Number(a === 'loss'));
  const logX = wantsLogX(records.map((r) => r.step));
  const charts: DashboardChart[] = [];
  for (const [group, members] of ordered) {
    const parts = Math.ceil(members.length / SERIES_PER_CHART);
    for (let part = 0; part < parts; part++) {
      const chunk = members.slice(part * SERIES_PER_CHART, (part + 1) * SERIES_PER_CHART);
      const series = chunk.map((name) => ({ name, points: records.flatMap((r): [number, number][] => (Number.isFinite(r[name]) ? [[r.step, r[name]]] : [])) }));
      const title = chunk.length === 1 && members.length === 1 ? chunk[0] : parts > 1 ? `${group} (${part + 1}/${parts})` : group;
      const visible = series.flatMap((s) => s.points.filter(([step]) => !logX || step > 0).map(([, y]) => y));
      charts.push({ name: parts > 1 ? `${group}-${part + 1}` : group, title, series, logY: wantsLogY(visible), logX });
    }
  }
  return charts;
}

/**
 * The chart a metric goes on: every name ending in "loss" shares the loss chart (trainLoss, validationLoss, …),
 * every name ending in "accuracy" the accuracy chart; otherwise names sharing the part before the first "." or "_"
 * share a chart (loss.dog, loss.cat; ce_y, ce_xp); any other name has its own.
 */
export function metricGroup(name: string): string {
  if (/loss$/i.test(name)) return 'loss';
  if (/accuracy$/i.test(name)) return 'accuracy';
  const head = /^([^._]+)[._]/.exec(name);
  return head ? head[1] : name;
}

/** A log y axis when every value is positive and they span at least 1.5 decades (max/min ≥ 10^1.5 ≈ 31.6). */
export function wantsLogY(values: number[]): boolean {
  if (values.length < 2 || values.some((v) => !(v > 0))) return false;
  return Math.log10(Math.max(...values) / Math.min(...values)) >= 1.5;
}

/**
 * A log x axis when the steps were recorded log-spaced (peaked softmax records at log-spaced steps to show its power
 * law): with at least 8 records, the median record's step lies below a tenth of the last step. Evenly spaced records
 * put the median near the middle.
 */
export function wantsLogX(steps: number[]): boolean {
  if (steps.length < 8) return false;
  const sorted = [...steps].sort((a, b) => a - b);
  const last = sorted[sorted.length - 1];
  return last > 0 && sorted[Math.floor(sorted.length / 2)] < last / 10;
}
