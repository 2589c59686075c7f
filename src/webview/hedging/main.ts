import { parseToHedgingView, type FromHedgingView, type HedgingOutcome } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';
import { connectToHost } from '../shared/hostConnection';
import { readSavedState, reduce, WAITING, type HedgingModel, type SavedHedgingState } from './hedgingModel';
import './hedgingView';

const host = connectToHost<FromHedgingView, SavedHedgingState>();
const view = document.createElement('saescope-hedging');
document.body.append(view);

// A hidden or reloaded panel draws what it showed, and returns to where it was scrolled, before the host says more.
const saved = readSavedState(host.savedState());
let model: HedgingModel = saved?.model ?? WAITING;
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
view.addEventListener('copy-python', (event) => host.post({ kind: 'copyPython', outcome: (event as CustomEvent<HedgingOutcome>).detail }));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    model = reduce(model, parseToHedgingView(event.data));
    view.model = model;
    save();
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
