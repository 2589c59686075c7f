import { parseToInspector, type FromInspector } from '../../shared/protocol';
import { connectToHost } from '../shared/hostConnection';
import './inspectorView';
import { restoreState, type InspectorState } from './viewState';

const host = connectToHost<FromInspector, InspectorState>();
const view = document.createElement('saescope-sae-inspector');
view.host = host;
view.viewState = restoreState(host.savedState());
document.body.append(view);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    view.receive(parseToInspector(event.data));
  } catch (e) {
    console.error(e);
  }
});

host.post({ kind: 'ready' });
