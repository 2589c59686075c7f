import { parseToHedgingView, type FromHedgingView, type HedgingOutcome } from '../../shared/protocol';
import { connectToHost } from '../shared/hostConnection';
import { forwardExports, onHostMessage, saveOnScroll } from '../shared/panelPage';
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
saveOnScroll(save);

forwardExports(view, host);
view.addEventListener('copy-python', (event) => host.post({ kind: 'copyPython', outcome: (event as CustomEvent<HedgingOutcome>).detail }));

onHostMessage(parseToHedgingView, (message) => {
  model = reduce(model, message);
  view.model = model;
  save();
});

host.post({ kind: 'ready' });
