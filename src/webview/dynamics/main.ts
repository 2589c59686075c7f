import { parseToDynamicsView, type FromDynamicsView } from '../../shared/protocol';
import { connectToHost } from '../shared/hostConnection';
import { forwardExports, onHostMessage, saveOnScroll, scrollBackOnceDrawn } from '../shared/panelPage';
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
const scrollBack = scrollBackOnceDrawn(view, saved?.scrollY);

const save = () => host.saveState(savedStateOf(model, window.scrollY));
saveOnScroll(save);

forwardExports(view, host);
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromDynamicsView>).detail));
view.addEventListener('select-checkpoint', (event) => {
  model = { ...model, selected: (event as CustomEvent<number>).detail };
  view.model = model;
  save();
});

onHostMessage(parseToDynamicsView, (message) => {
  model = reduce(model, message);
  view.model = model;
  scrollBack(model.record !== null);
  save();
});

host.post({ kind: 'ready' });
