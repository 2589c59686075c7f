/** Saves a chart a webview exported (webviews cannot write files themselves). */
import type { ChartExport } from '../../shared/protocol';
import { saveToChosenFile } from './saveFile';

export async function saveChart(chart: ChartExport): Promise<void> {
  const bytes = chart.format === 'svg' ? new TextEncoder().encode(chart.data) : Buffer.from(chart.data.slice(chart.data.indexOf(',') + 1), 'base64');
  await saveToChosenFile(chart.name, chart.format, chart.format === 'svg' ? 'SVG image' : 'PNG image', bytes);
}
