import { parseToL0View, type FromL0View } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import { applyMessage, savedL0State, type L0ViewState } from './l0State';
import './l0View';

const host = connectToHost<FromL0View, L0ViewState>();
const view = document.createElement('saescope-l0');
document.body.append(view);
view.sweep = savedL0State(host.savedState());

const update = (sweep: L0ViewState | undefined) => {
  view.sweep = sweep;
  if (sweep) host.saveState(sweep);
};

view.addEventListener('select-row', (event) => {
  const sweep = view.sweep;
  if (sweep) update({ ...sweep, selected: (event as CustomEvent<number>).detail });
});
view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));
view.addEventListener('export-data', (event) => host.post(event.detail));
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromL0View>).detail));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    update(applyMessage(view.sweep, parseToL0View(event.data)));
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
