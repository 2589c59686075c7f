import { parseToCompareView, type FromCompareView, type ToCompareView } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import './compareView';
import type { CopyCompareDetail } from './compareView';

const host = connectToHost<FromCompareView, ToCompareView>();
const view = document.createElement('saescope-compare');
document.body.append(view);

// After a reload the comparison is shown from the saved state rather than computed again.
try {
  const saved = host.savedState();
  if (saved !== undefined) view.message = parseToCompareView(saved);
} catch {
  // saved by another version of the panel
}

view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));
view.addEventListener('export-data', (event) => host.post(event.detail));
view.addEventListener('copy-python', (event) => host.post({ kind: 'copyPython', ...(event as CustomEvent<CopyCompareDetail>).detail }));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    const message = parseToCompareView(event.data);
    view.message = message;
    host.saveState(message);
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
