import { parseToRunView, type FromRunView } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import './runView';
import type { RunView, RunViewState } from './runView';
import { applyRunMessage, restoredRun } from './runState';

const host = connectToHost<FromRunView, RunViewState>();
const view = document.createElement('saescope-run') as RunView;
document.body.append(view);
view.run = restoredRun(host.savedState());

view.addEventListener('open-sae', () => host.post({ kind: 'openSae' }));
view.addEventListener('open-checkpoint', (event) => host.post({ kind: 'openCheckpoint', path: (event as CustomEvent<string>).detail }));
view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));
view.addEventListener('export-data', (event) => host.post(event.detail));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    view.run = applyRunMessage(view.run, parseToRunView(event.data));
    if (view.run) host.saveState(view.run);
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
