/** <saescope-lab>: one Dynamics lab diagnostic — loss against time, loss against width, or truth probes — live or saved. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { css, html, LitElement } from 'lit';
import type { FromLabView, LabOutcome, LabSettings } from '../../shared/protocol';
import { panelStyles } from '../shared/panelStyles';
import { runStatus, waitingOrFailed } from '../shared/runStatus';
import { fitTimeSection } from './fitTimeSection';
import type { LabModel } from './labModel';
import { probeSection } from './probeSection';
import { widthSection } from './widthSection';

const TITLES: Record<LabSettings['mode'], string> = {
  fitTime: 'Dynamics lab: loss against time',
  width: 'Dynamics lab: loss against width (superposition)',
  probe: 'Dynamics lab: truth probes',
};

export class LabView extends LitElement {
  static override properties = { model: { attribute: false } };

  declare model: LabModel | undefined;

  static override styles = [
    panelStyles,
    css`
      figure { margin: 0.6rem 0; }
      figcaption { color: var(--vscode-descriptionForeground); margin-bottom: 0.2rem; }
      h3 { font-size: 1em; font-weight: 600; margin: 1rem 0 0.3rem; }
      .headline { font-size: 1.2em; }
      .alpha, .floor-alpha, .alpha-m, .beta { font-family: var(--vscode-editor-font-family); font-weight: 600; }
      [title] { cursor: help; }
      .status { margin: 0.4rem 0; }
    `,
  ];

  override render() {
    const m = this.model;
    if (!m || !m.settings) {
      return waitingOrFailed('Dynamics lab', m);
    }
    return html`
      <h1>${TITLES[m.settings.mode]}</h1>
      ${this.status(m)}
      ${this.copyButton(m)}
      ${m.outcome ? outcomeSection(m.outcome) : ''}
    `;
  }

  /** Once the run is saved: NumPy code for its fits or probes. */
  private copyButton(m: LabModel) {
    const { id, settings, outcome } = m;
    if (id === null || settings === null || outcome === null) return '';
    const copy = () => this.dispatchEvent(new CustomEvent<FromLabView>('copy-python', { detail: { kind: 'copyPython', id, settings, outcome } }));
    return html`<div class="actions"><vscode-button secondary @click=${copy}>Copy as Python</vscode-button></div>`;
  }

  private status(m: LabModel) {
    return runStatus(m, m.seconds, 'this is what finished');
  }
}

function outcomeSection(outcome: LabOutcome) {
  switch (outcome.mode) {
    case 'fitTime':
      return outcome.fit ? fitTimeSection(outcome.fit) : '';
    case 'width':
      return outcome.scaling ? widthSection(outcome.scaling) : '';
    case 'probe':
      return outcome.probe ? probeSection(outcome.probe) : '';
  }
}

customElements.define('saescope-lab', LabView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-lab': LabView;
  }
}
