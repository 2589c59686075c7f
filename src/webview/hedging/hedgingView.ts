/** <saescope-hedging>: one hedging diagnostic — single-latent toys, the hedging degree of an SAE, or the γ sweep — live or saved. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { css, html, LitElement } from 'lit';
import type { HedgingOutcome, HedgingSettings } from '../../shared/protocol';
import { panelStyles } from '../shared/panelStyles';
import { runStatus, waitingOrFailed } from '../shared/runStatus';
import { degreeSection } from './degreeSection';
import { gammaSection } from './gammaSection';
import type { HedgingModel } from './hedgingModel';
import { toysSection } from './toysSection';

const TITLES: Record<HedgingSettings['mode'], string> = {
  toys: 'Feature hedging: single-latent toys',
  sae: 'Feature hedging: hedging degree',
  gamma: 'Feature hedging: balanced Matryoshka γ sweep',
};

export class HedgingView extends LitElement {
  static override properties = { model: { attribute: false } };

  declare model: HedgingModel | undefined;

  static override styles = [
    panelStyles,
    css`
      td.number { white-space: nowrap; }
      figure { margin: 0.6rem 0; }
      figcaption { color: var(--vscode-descriptionForeground); margin-bottom: 0.2rem; }
      .headline { font-size: 1.2em; }
      .degree, .balance { font-family: var(--vscode-editor-font-family); font-weight: 600; }
      .formula { font-family: var(--vscode-editor-font-family); }
      tr.chosen td { background: var(--vscode-list-inactiveSelectionBackground); }
      .status { margin: 0.4rem 0; }
      .actions { margin: 0.4rem 0; }
    `,
  ];

  override render() {
    const m = this.model;
    if (!m || !m.settings) {
      return waitingOrFailed('Feature hedging', m);
    }
    return html`
      <h1>${TITLES[m.settings.mode]}</h1>
      ${this.status(m)}
      ${m.outcome ? this.copyButton(m.outcome) : ''}
      ${m.outcome ? outcomeSection(m.outcome, m.status !== 'done') : ''}
    `;
  }

  private copyButton(outcome: HedgingOutcome) {
    const copy = () => this.dispatchEvent(new CustomEvent<HedgingOutcome>('copy-python', { detail: outcome }));
    return html`<div class="actions"><vscode-button secondary @click=${copy}>Copy as Python</vscode-button></div>`;
  }

  private status(m: HedgingModel) {
    return runStatus(m, m.seconds, 'these are the parts that finished');
  }
}

function outcomeSection(outcome: HedgingOutcome, partial: boolean) {
  switch (outcome.mode) {
    case 'toys':
      return toysSection(outcome.toys);
    case 'sae':
      return outcome.degree ? degreeSection(outcome.degree) : '';
    case 'gamma':
      return gammaSection(outcome.sweep, partial);
  }
}

customElements.define('saescope-hedging', HedgingView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-hedging': HedgingView;
  }
}
