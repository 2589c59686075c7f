import { parseToEngineInfoView, type FromEngineInfoView, type ToEngineInfoView } from '../../shared/protocol';
import { connectToHost } from '../shared/hostConnection';
import './engineInfoView';

const host = connectToHost<FromEngineInfoView, ToEngineInfoView>();
const view = document.createElement('saescope-engine-info');
document.body.append(view);

// After a reload, show the last info at once; the host's fresh answer replaces it.
const saved = host.savedState();
if (saved !== undefined) {
  try {
    view.message = parseToEngineInfoView(saved);
  } catch {
    // saved by another version of the panel: wait for the host instead
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    const message = parseToEngineInfoView(event.data);
    view.message = message;
    host.saveState(message);
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
