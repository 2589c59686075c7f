import { parseToRunView, type FromRunView, type ToRunView } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import './runView';
import type { RunView, RunViewState } from './runView';

const host = connectToHost<FromRunView, RunViewState>();
const view = document.createElement('saescope-run') as RunView;
document.body.append(view);
view.run = savedRun(host.savedState());

view.addEventListener('open-sae', () => host.post({ kind: 'openSae' }));
view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    view.run = apply(view.run, parseToRunView(event.data));
    if (view.run) host.saveState(view.run);
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });

function apply(run: RunViewState | undefined, message: ToRunView): RunViewState | undefined {
  switch (message.kind) {
    case 'live':
      return { id: message.id, settings: message.settings, history: [], metrics: null, folder: null, error: null };
    case 'point':
      return run && { ...run, history: [...run.history, message.point] };
    case 'record': {
      const { record, folder } = message;
      return { id: record.id, settings: record.settings, history: record.history, metrics: record.metrics, folder, error: null };
    }
    case 'error':
      return run ? { ...run, error: message.message } : undefined;
  }
}

/** What setState kept; only its shape is checked, since the host sends the saved run afresh. */
function savedRun(saved: unknown): RunViewState | undefined {
  if (typeof saved !== 'object' || saved === null || !('id' in saved) || !('settings' in saved) || !('history' in saved)) return undefined;
  return saved as RunViewState;
}
