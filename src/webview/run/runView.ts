/** <saescope-run>: one training run: settings, loss / L0 / explained-variance charts, and the final metrics with their formulas. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { html, LitElement, nothing } from 'lit';
import type { MetricValue, TrainPoint, TrainSettings } from '../../shared/protocol';
import '../shared/chartView';
import type { Series } from '../shared/chartScene';
import { panelStyles } from '../shared/panelStyles';

export interface RunViewState {
  id: string;
  settings: TrainSettings;
  history: TrainPoint[];
  metrics: MetricValue[] | null;
  /** Set once the run is saved; the panel serializer reopens it from here. */
  folder: string | null;
  error: string | null;
}

export class RunView extends LitElement {
  static override properties = { run: { attribute: false } };

  declare run: RunViewState | undefined;

  static override styles = panelStyles;

  override render() {
    const run = this.run;
    if (!run) return html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Waiting for the run…</p>`;
    const s = run.settings;
    const last = run.history[run.history.length - 1];
    return html`
      <h1>Run ${run.id}</h1>
      <p class="muted">
        ${s.arch}, width ${s.width}${s.k === null ? '' : `, k ${s.k}`}${s.l1 === null ? '' : `, λ ${s.l1}`}, ${s.steps} steps of ${s.batch} rows,
        lr ${s.lr}, seed ${s.seed}, data ${s.data}
      </p>
      ${run.error ? html`<p class="error">${run.error}</p>` : nothing}
      ${run.metrics === null && !run.error
        ? html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Training${last ? `: step ${last.step} of ${last.totalSteps}` : '…'}</p>`
        : nothing}
      ${run.folder ? html`<vscode-button @click=${() => this.dispatchEvent(new CustomEvent('open-sae'))}>Open SAE</vscode-button>` : nothing}
      <h2>History</h2>
      <div class="charts">
        ${this.chart('loss', 'loss', [{ name: 'loss', points: run.history.map((p) => [p.step, p.loss]) }], true)}
        ${this.chart('l0', 'L0', [{ name: 'L0', points: run.history.map((p) => [p.step, p.l0]) }], false)}
        ${this.chart('explained-variance', 'explained variance', [{ name: 'explained variance', points: run.history.map((p) => [p.step, p.explainedVariance]) }], false)}
      </div>
      ${run.metrics ? this.renderMetrics(run.metrics) : nothing}
    `;
  }

  private chart(name: string, title: string, series: Series[], logY: boolean) {
    if (series[0].points.length === 0) return nothing;
    return html`<div>
      <div class="muted">${title}${logY ? ' (log scale)' : ''}</div>
      <saescope-chart name=${`${this.run?.id ?? 'run'}-${name}`} .spec=${{ kind: 'line', series, xLabel: 'step', logY }}></saescope-chart>
    </div>`;
  }

  private renderMetrics(metrics: MetricValue[]) {
    return html`
      <h2>Final metrics (held-out rows)</h2>
      <table>
        <thead><tr><th>metric</th><th>value</th></tr></thead>
        <tbody>
          ${metrics.map((m) => html`<tr title=${m.formula}><td>${m.label}</td><td class="number">${formatMetric(m.value)}</td></tr>`)}
        </tbody>
      </table>
      <p class="muted">Hover a metric for its formula.</p>
    `;
  }
}

function formatMetric(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? value.toExponential(3) : String(Number(value.toPrecision(5)));
}

customElements.define('saescope-run', RunView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-run': RunView;
  }
}
