/** A chart a webview asks the host to save: SVG text, or a PNG as a data: URL. */
import { FieldReader } from './validate';

export interface ChartExport {
  kind: 'exportChart';
  format: 'svg' | 'png';
  /** Suggested file name without extension. */
  name: string;
  data: string;
}

export function readChartExport(message: FieldReader): ChartExport {
  const format = message.oneOf('format', ['svg', 'png']);
  const data = message.string('data');
  if (format === 'png' && !data.startsWith('data:image/png;base64,')) throw message.complaintAbout('data', 'must be a PNG data: URL');
  return { kind: 'exportChart', format, name: message.string('name'), data };
}
