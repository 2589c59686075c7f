/** <saescope-dynamics>: an LLC estimate, LLC across a run's checkpoints, or influence trajectories — live or saved. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { css, html, LitElement } from 'lit';
import type { DynamicsJob, FromDynamicsView } from '../../shared/protocol';
import { panelStyles } from '../shared/panelStyles';
import { runStatus, waitingOrFailed } from '../shared/runStatus';
import type { DynamicsModel } from './dynamicsModel';
import { influenceSection } from './influenceSection';
import { familySection, runSection } from './llcSection';

function title(job: DynamicsJob): string {
  if (job.kind === 'influence') return `Influence trajectories: ${job.settings.pairs.join(', ')}`;
  return job.settings.mode === 'family' ? `Local learning coefficient: ${job.settings.model} regression` : 'Local learning coefficient across checkpoints';
}

export class DynamicsView extends LitElement {
  static override properties = { model: { attribute: false } };

  declare model: DynamicsModel | undefined;

  static override styles = [
    panelStyles,
    css`
      figure { margin: 0.6rem 0; }
      figcaption { color: var(--vscode-descriptionForeground); margin-bottom: 0.2rem; max-width: 420px; }
      .headline { font-size: 1.2em; }
      .llc { font-family: var(--vscode-editor-font-family); font-weight: 600; }
      .badges { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0; }
      .badge { border: 1px solid currentColor; border-radius: 3px; padding: 1px 6px; cursor: help; }
      .badge.small { border: none; padding: 0 2px; }
      .badge.pass { color: var(--vscode-testing-iconPassed, #73c991); }
      .badge.warn { color: var(--vscode-editorWarning-foreground, #cca700); }
      .badge.note { color: var(--vscode-descriptionForeground); }
      .warnings { color: var(--vscode-editorWarning-foreground, #cca700); margin: 0.2rem 0; }
      table.checkpoints tbody tr { cursor: pointer; }
      tr.chosen td { background: var(--vscode-list-inactiveSelectionBackground); }
      .status { margin: 0.4rem 0; }
    `,
  ];

  override render() {
    const m = this.model;
    if (!m || !m.job) {
      return waitingOrFailed('Training dynamics', m);
    }
    return html`<h1>${title(m.job)}</h1>${this.status(m)}${this.copyButton(m)}${this.result(m)}`;
  }

  private status(m: DynamicsModel) {
    return runStatus(m, m.record?.seconds, 'these are the checkpoints that finished');
  }

  /** Once the run is saved: its numbers as Python (PyTorch SGLD for λ̂, NumPy for the influence function). */
  private copyButton(m: DynamicsModel) {
    const record = m.record;
    if (!record) return '';
    const copy = () => this.dispatchEvent(new CustomEvent<FromDynamicsView>('copy-python', { detail: { kind: 'copyPython', record } }));
    return html`<div class="actions"><vscode-button secondary @click=${copy}>Copy as Python</vscode-button></div>`;
  }

  private result(m: DynamicsModel) {
    const r = m.record;
    if (r?.kind === 'influence') return influenceSection(r.outcome.trajectories);
    if (r?.kind === 'llc') {
      const o = r.outcome;
      if (o.mode === 'family') return o.family ? familySection(o.family) : '';
      return runSection(o.run.checkpoints, o.run, m.selected);
    }
    return m.live.length ? runSection(m.live, null, m.selected) : '';
  }
}

customElements.define('saescope-dynamics', DynamicsView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-dynamics': DynamicsView;
  }
}
