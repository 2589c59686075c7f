import { parseToAlignView, type FromAlignView } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import { DEFAULT_CHOICE, readSavedState, reduce, WAITING, type AlignModel, type ChartChoice, type SavedAlignState } from './alignModel';
import './alignView';

const host = connectToHost<FromAlignView, SavedAlignState>();
const view = document.createElement('saescope-align');
document.body.append(view);

// A hidden or reloaded panel shows the same chart once the host has sent the run again, scrolled where it was.
const saved = readSavedState(host.savedState());
let model: AlignModel = WAITING;
let choice: ChartChoice = saved?.choice ?? DEFAULT_CHOICE;
let scrollPending = saved !== undefined && saved.scrollY > 0;
view.model = model;
view.choice = choice;

const save = () => host.saveState({ folder: model.folder ?? saved?.folder ?? null, choice, scrollY: window.scrollY });
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(save, 200);
});

view.addEventListener('choice-change', (event) => {
  choice = (event as CustomEvent<ChartChoice>).detail;
  save();
});
view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));
view.addEventListener('export-data', (event) => host.post(event.detail));
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromAlignView>).detail));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    model = reduce(model, parseToAlignView(event.data));
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
