/** <saescope-align>: alignment after disentanglement — progress while it runs, then both score tables and the per-unit chart. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { css, html, LitElement } from 'lit';
import { ALIGN_METRICS, type AlignRunRecord, type AlignSide, type FromAlignView } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { panelStyles } from '../shared/panelStyles';
import { perUnitExport, perUnitSpec, scoresExport } from './alignChart';
import type { AlignModel, ChartChoice } from './alignModel';
import { DEFAULT_CHOICE } from './alignModel';
import { directionTable, METRIC_NAMES } from './alignTable';

export class AlignView extends LitElement {
  static override properties = { model: { attribute: false }, choice: { attribute: false } };

  declare model: AlignModel | undefined;
  declare choice: ChartChoice;

  constructor() {
    super();
    this.choice = DEFAULT_CHOICE;
  }

  static override styles = [
    panelStyles,
    css`
      .sides td { vertical-align: top; }
      tr.key td { font-weight: 600; }
      tr.change td { border-top: 2px solid var(--vscode-panel-border); }
      td.delta.gain { color: var(--vscode-charts-green, var(--vscode-testing-iconPassed)); font-weight: 600; }
      td.delta.loss { color: var(--vscode-errorForeground); font-weight: 600; }
      th.metric { cursor: help; text-decoration: underline dotted; }
      .formula { font-family: var(--vscode-editor-font-family); }
      .toggles { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin: 0.4rem 0; }
      .exports { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.6rem 0; }
      figure { margin: 0.6rem 0; }
      figcaption { color: var(--vscode-descriptionForeground); margin-bottom: 0.2rem; }
    `,
  ];

  override render() {
    const m = this.model;
    if (!m || m.status === 'waiting') return html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Waiting…</p>`;
    const settings = m.settings;
    return html`
      <h1>Alignment after disentanglement</h1>
      ${settings ? html`<p class="muted">A ${settings.a} → B ${settings.b}</p>` : ''}
      ${this.status(m)}
      ${m.record ? this.result(m.record) : ''}
    `;
  }

  private status(m: AlignModel) {
    switch (m.status) {
      case 'running': {
        const percent = m.fraction === null ? '' : ` (${Math.round(100 * m.fraction)}%)`;
        return html`<p class="busy status"><vscode-progress-ring></vscode-progress-ring>Running${percent}: ${m.message}</p>`;
      }
      case 'failed':
        return html`<p class="error status">${m.message}</p>`;
      case 'done':
        return html`<p class="muted status">Saved in ${m.folder} (${m.record?.seconds.toFixed(1)} s).</p>`;
      default:
        return '';
    }
  }

  private copyPython(record: AlignRunRecord): void {
    this.dispatchEvent(new CustomEvent<FromAlignView>('copy-python', { detail: { kind: 'copyPython', record } }));
  }

  private result(record: AlignRunRecord) {
    const o = record.outcome;
    const direction = o.directions[Math.min(this.choice.direction, o.directions.length - 1)];
    return html`
      <table class="sides">
        <tbody>
          ${sideRow('A', o.a)}
          ${sideRow('B', o.b)}
        </tbody>
      </table>
      <p class="muted">
        SAEs trained on ${o.rows.saeTraining} rows; every score on ${o.rows.evaluated} held-out rows from row ${o.rows.heldOutStart}${o.rows.available !== null ? ` of ${o.rows.available}` : ''},
        ${o.protocol.folds}-fold cross-validation (scikit-learn KFold, shuffle seed ${o.protocol.cvSeed}), mean ± SEM over folds. Hover a metric for its formula.
      </p>
      ${o.directions.map((d) => directionTable(d, o))}
      <div class="exports">
        <saescope-export-data name=${`${record.id}-scores`} .content=${() => scoresExport(record)}></saescope-export-data>
        <saescope-export-data name=${`${record.id}-per-unit`} label="Export per-unit" .formats=${['csv']} .content=${() => perUnitExport(record)}></saescope-export-data>
        <vscode-button secondary title="NumPy code that scores two activation arrays (and SAE codes) the same way" @click=${() => this.copyPython(record)}>Copy as Python</vscode-button>
      </div>
      <h2>Per-unit scores</h2>
      <div class="toggles">
        ${ALIGN_METRICS.map((metric) => html`<vscode-button ?secondary=${metric !== this.choice.metric} @click=${() => this.choose({ ...this.choice, metric })}>${METRIC_NAMES[metric]}</vscode-button>`)}
        ${o.directions.length > 1
          ? o.directions.map((d, i) => html`<vscode-button ?secondary=${i !== this.choice.direction} @click=${() => this.choose({ ...this.choice, direction: i })}>${d.direction}</vscode-button>`)
          : ''}
      </div>
      <figure>
        <figcaption>
          ${METRIC_NAMES[this.choice.metric]} of each ${direction.direction === 'A→B' ? 'B' : 'A'} unit, best first: raw units against SAE latents.
          <span class="formula">${perUnitFormula(this.choice.metric)}</span>
        </figcaption>
        <saescope-chart name=${`${record.id}-${this.choice.metric}-${direction.direction === 'A→B' ? 'ab' : 'ba'}-per-unit`} .width=${640} .height=${280} .spec=${perUnitSpec(direction, this.choice.metric)}></saescope-chart>
      </figure>
      <details>
        <summary>Formulas (Longon, Klindt & Khosla, “Superposition disentanglement of neural representations reveals hidden alignment”)</summary>
        <ul>
          ${ALIGN_METRICS.map((metric) => html`<li><b>${METRIC_NAMES[metric]}</b>: <span class="formula">${o.protocol.formulas[metric]}</span></li>`)}
        </ul>
      </details>
    `;
  }

  private choose(choice: ChartChoice): void {
    this.choice = choice;
    this.dispatchEvent(new CustomEvent<ChartChoice>('choice-change', { detail: choice, bubbles: true, composed: true }));
  }
}

function sideRow(name: string, s: AlignSide) {
  const sae = s.sae;
  const fit = `held-out explained variance ${sae.heldOut.explainedVariance.toFixed(3)}, L0 ${sae.heldOut.l0.toFixed(2)}, ${sae.heldOut.deadLatents} dead`;
  const recovery = s.recovery ? `; decoder MMCS ${s.recovery.mmcs.toFixed(3)} over ${s.recovery.represented} represented features` : '';
  return html`<tr>
    <td>${name}</td>
    <td>${s.label} <span class="muted">(${s.kind === 'longon' ? 'longon-tms model' : 'activations'}, ${s.units} units)</span></td>
    <td class="muted">${sae.origin} SAE, ${sae.width} latents${sae.k !== null ? `, k ${sae.k}` : ''}${sae.steps !== null ? `, ${sae.steps} steps` : ''}; ${fit}${recovery}</td>
  </tr>`;
}

/** What one unit's score is, per metric (its mean over folds is what the chart draws). */
function perUnitFormula(metric: 'semi' | 'soft' | 'ridge'): string {
  switch (metric) {
    case 'semi':
      return 'unit j: corr_test(X[:, m(j)], Y[:, j]), its best-matched source unit';
    case 'soft':
      return 'unit j: q·Σ_i P*_ij corr_test(X_i, Y_j), its transported correlation';
    case 'ridge':
      return 'unit j: cos(X_test B, Y_test)_j, how well the ridge map predicts it';
  }
}

customElements.define('saescope-align', AlignView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-align': AlignView;
  }
}
