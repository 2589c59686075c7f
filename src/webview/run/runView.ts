/**
 * <saescope-run>: the training dashboard for one run. An SAE's run: settings, loss (with its parts), L0, explained
 * variance and dead-latent charts, and the final metrics with their formulas; a toy model's run: its settings and a
 * chart per group of the preset's metrics. Both list the checkpoints as they are written.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { html, LitElement, nothing } from 'lit';
import type { CheckpointEntry, MetricValue, ToyConfig, ToyRecord, ToyTrainSettings, TrainPoint, TrainSettings } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { panelStyles } from '../shared/panelStyles';
import { checkpointList } from './checkpointList';
import { saeCharts, toyCharts, type DashboardChart } from './dashboardCharts';
import { runExport } from './runExport';

interface RunStateBase {
  id: string;
  /** Set once the run is saved; the panel serializer reopens it from here. */
  folder: string | null;
  error: string | null;
  checkpoints: CheckpointEntry[];
}

export interface SaeRunState extends RunStateBase {
  kind: 'sae';
  settings: TrainSettings;
  history: TrainPoint[];
  metrics: MetricValue[] | null;
}

export interface ToyRunState extends RunStateBase {
  kind: 'toy';
  settings: ToyTrainSettings;
  records: ToyRecord[];
  /** Set once saved: how the run ended. */
  saved: { cancelled: boolean; steps: number; seconds: number; config: ToyConfig } | null;
}

export type RunViewState = SaeRunState | ToyRunState;

export class RunView extends LitElement {
  static override properties = { run: { attribute: false } };

  declare run: RunViewState | undefined;

  static override styles = panelStyles;

  override render() {
    const run = this.run;
    if (!run) return html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Waiting for the run…</p>`;
    return run.kind === 'toy' ? this.renderToy(run) : this.renderSae(run);
  }

  private renderSae(run: SaeRunState) {
    const s = run.settings;
    const last = run.history[run.history.length - 1];
    const training = run.metrics === null && !run.error;
    return html`
      <h1>Run ${run.id}</h1>
      <p class="muted">
        ${s.arch}, width ${s.width}${s.k === null ? '' : `, k ${s.k}`}${s.l1 === null ? '' : `, λ ${s.l1}`}, ${s.steps} steps of ${s.batch} rows,
        lr ${s.lr}, seed ${s.seed}, data ${s.data}
      </p>
      ${run.error ? html`<p class="error">${run.error}</p>` : nothing}
      ${training ? html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Training${last ? `: step ${last.step} of ${last.totalSteps}` : '…'}</p>` : nothing}
      ${run.folder ? html`<vscode-button @click=${() => this.dispatchEvent(new CustomEvent('open-sae'))}>Open SAE</vscode-button>` : nothing}
      <h2>History</h2>
      <saescope-export-data name=${`run-${run.id}`} .content=${() => runExport(run)}></saescope-export-data>
      <div class="charts">${saeCharts(run.history).map((chart) => this.chart(run.id, chart))}</div>
      ${checkpointList(run.checkpoints, training, (path) => this.dispatchEvent(new CustomEvent('open-checkpoint', { detail: path })))}
      ${run.metrics ? this.renderMetrics(run.metrics) : nothing}
    `;
  }

  private renderToy(run: ToyRunState) {
    const s = run.settings;
    const last = run.records[run.records.length - 1];
    const training = run.saved === null && !run.error;
    const overrides = Object.entries(s.overrides).map(([key, value]) => `${key} = ${value}`);
    return html`
      <h1>Toy model run ${run.id}</h1>
      <p class="muted">
        ${s.preset}, ${s.steps} steps, seed ${s.seed}${overrides.length ? `, ${overrides.join(', ')}` : ''}${s.checkpointEvery === null ? '' : `, a checkpoint every ${s.checkpointEvery} steps`}
      </p>
      ${run.error ? html`<p class="error">${run.error}</p>` : nothing}
      ${training ? html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Training${last ? `: step ${last.step} of ${s.steps}` : '…'}</p>` : nothing}
      ${run.saved
        ? html`<p class="saved">${run.saved.cancelled ? `Cancelled at step ${run.saved.steps}; the checkpoints written so far were kept.` : `Trained ${run.saved.steps} steps`} (${run.saved.seconds.toFixed(1)} s).</p>`
        : nothing}
      <h2>Records</h2>
      <saescope-export-data name=${`run-${run.id}`} .content=${() => runExport(run)}></saescope-export-data>
      <div class="charts">${toyCharts(run.records).map((chart) => this.chart(run.id, chart))}</div>
      ${checkpointList(run.checkpoints, training, null)}
      ${run.saved ? this.renderConfig(run.saved.config) : nothing}
    `;
  }

  private chart(id: string, chart: DashboardChart) {
    if (chart.series.every((s) => s.points.length === 0)) return nothing;
    const scales = [chart.logX && 'log steps', chart.logY && 'log scale'].filter(Boolean).join(', ');
    return html`<div>
      <div class="muted">${chart.title}${scales ? ` (${scales})` : ''}</div>
      <saescope-chart name=${`${id}-${chart.name}`} .spec=${{ kind: 'line', series: chart.series, xLabel: 'step', logY: chart.logY, logX: chart.logX }}></saescope-chart>
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

  private renderConfig(config: ToyConfig) {
    return html`
      <h2>Configuration</h2>
      <table class="config">
        <tbody>
          ${Object.entries(config).map(([key, value]) => html`<tr><td>${key}</td><td class="number">${String(value)}</td></tr>`)}
        </tbody>
      </table>
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
