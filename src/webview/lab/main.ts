import { parseToLabView, type FromLabView } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import { readSavedState, reduce, WAITING, type LabModel, type SavedLabState } from './labModel';
import './labView';

const host = connectToHost<FromLabView, SavedLabState>();
const view = document.createElement('saescope-lab');
document.body.append(view);

// A hidden or reloaded panel draws what it showed, and returns to where it was scrolled, before the host says more.
const saved = readSavedState(host.savedState());
let model: LabModel = saved?.model ?? WAITING;
view.model = model;
if (saved) void view.updateComplete.then(() => window.scrollTo(0, saved.scrollY));

const save = () => host.saveState({ folder: model.folder, model, scrollY: window.scrollY });
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(save, 200);
});

view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));
view.addEventListener('export-data', (event) => host.post(event.detail));
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromLabView>).detail));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    model = reduce(model, parseToLabView(event.data));
    view.model = model;
    save();
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
