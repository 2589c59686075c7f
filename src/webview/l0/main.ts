import { parseToL0View, type FromL0View } from '../../shared/protocol';
import { connectToHost } from '../shared/hostConnection';
import { forwardExports, onHostMessage } from '../shared/panelPage';
import { applyMessage, savedL0State, type L0ViewState } from './l0State';
import './l0View';

const host = connectToHost<FromL0View, L0ViewState>();
const view = document.createElement('saescope-l0');
document.body.append(view);
view.sweep = savedL0State(host.savedState());

const update = (sweep: L0ViewState | undefined) => {
  view.sweep = sweep;
  if (sweep) host.saveState(sweep);
};

view.addEventListener('select-row', (event) => {
  const sweep = view.sweep;
  if (sweep) update({ ...sweep, selected: (event as CustomEvent<number>).detail });
});
forwardExports(view, host);
view.addEventListener('copy-python', (event) => host.post((event as CustomEvent<FromL0View>).detail));

onHostMessage(parseToL0View, (message) => update(applyMessage(view.sweep, message)));

host.post({ kind: 'ready' });
