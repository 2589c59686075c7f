import { parseToLabView, type FromLabView } from '../../shared/protocol';
import { connectToHost } from '../shared/hostConnection';
import { forwardExports, onHostMessage, saveOnScroll } from '../shared/panelPage';
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
saveOnScroll(save);

forwardExports(view, host);
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromLabView>).detail));

onHostMessage(parseToLabView, (message) => {
  model = reduce(model, message);
  view.model = model;
  save();
});

host.post({ kind: 'ready' });
