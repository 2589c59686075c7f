import { parseToDynamicsView, type FromDynamicsView } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import { readSavedState, reduce, restoredModel, savedStateOf, type DynamicsModel, type SavedDynamicsState } from './dynamicsModel';
import './dynamicsView';

const host = connectToHost<FromDynamicsView, SavedDynamicsState>();
const view = document.createElement('saescope-dynamics');
document.body.append(view);

// A hidden or reloaded panel gets its data from the host again; it keeps the chosen checkpoint and returns to where it
// was scrolled once the saved run is drawn.
const saved = readSavedState(host.savedState());
let model: DynamicsModel = restoredModel(saved);
view.model = model;
let scrollPending = saved !== undefined && saved.scrollY > 0;

const save = () => host.saveState(savedStateOf(model, window.scrollY));
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(save, 200);
});

view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));
view.addEventListener('export-data', (event) => host.post(event.detail));
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromDynamicsView>).detail));
view.addEventListener('select-checkpoint', (event) => {
  model = { ...model, selected: (event as CustomEvent<number>).detail };
  view.model = model;
  save();
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    model = reduce(model, parseToDynamicsView(event.data));
    view.model = model;
    if (scrollPending && model.record) {
      scrollPending = false;
      void view.updateComplete.then(() => window.scrollTo(0, saved!.scrollY));
    }
    save();
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
