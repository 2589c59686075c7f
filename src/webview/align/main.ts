import { parseToAlignView, type FromAlignView } from '../../shared/protocol';
import { connectToHost } from '../shared/hostConnection';
import { forwardExports, onHostMessage, saveOnScroll, scrollBackOnceDrawn } from '../shared/panelPage';
import { DEFAULT_CHOICE, readSavedState, reduce, WAITING, type AlignModel, type ChartChoice, type SavedAlignState } from './alignModel';
import './alignView';

const host = connectToHost<FromAlignView, SavedAlignState>();
const view = document.createElement('saescope-align');
document.body.append(view);

// A hidden or reloaded panel shows the same chart once the host has sent the run again, scrolled where it was.
const saved = readSavedState(host.savedState());
let model: AlignModel = WAITING;
let choice: ChartChoice = saved?.choice ?? DEFAULT_CHOICE;
const scrollBack = scrollBackOnceDrawn(view, saved?.scrollY);
view.model = model;
view.choice = choice;

const save = () => host.saveState({ folder: model.folder ?? saved?.folder ?? null, choice, scrollY: window.scrollY });
saveOnScroll(save);

view.addEventListener('choice-change', (event) => {
  choice = (event as CustomEvent<ChartChoice>).detail;
  save();
});
forwardExports(view, host);
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromAlignView>).detail));

onHostMessage(parseToAlignView, (message) => {
  model = reduce(model, message);
  view.model = model;
  scrollBack(model.record !== null);
  save();
});

host.post({ kind: 'ready' });
