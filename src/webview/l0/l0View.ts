/**
 * <saescope-l0>: Sparse but Wrong's L0 diagnostic for one sweep: the proxy curves (c_dec and s_n^dec against L0)
 * and the reconstruction curves with the recommended L0 (and, on toys, the true L0) marked, the rule that chose it,
 * the per-L0 table with each formula on hover, and on toys the feature × latent cosine heatmap of a chosen SAE.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { html, LitElement, nothing } from 'lit';
import { L0_FORMULAS, type L0CopyPython, type L0SweepRow } from '../../shared/protocol';
import '../shared/chartView';
import type { ChartMarker, Series } from '../shared/chartScene';
import '../shared/exportButtons';
import { panelStyles } from '../shared/panelStyles';
import './heatmapView';
import { byL0, l0Columns, l0Table } from './l0Columns';
import type { L0ViewState } from './l0State';
import { l0ViewStyles } from './l0Styles';

export class L0View extends LitElement {
  static override properties = { sweep: { attribute: false } };

  declare sweep: L0ViewState | undefined;

  static override styles = [panelStyles, l0ViewStyles];

  override render() {
    const s = this.sweep;
    if (!s) return html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Waiting for the sweep…</p>`;
    const rows = byL0(s.rows);
    const count = s.settings.arch === 'jumprelu' ? s.settings.coefficients?.length : s.settings.l0s?.length;
    const running = s.folder === null && !s.error;
    return html`
      <h1>L0 diagnostics</h1>
      <p class="muted">
        ${s.settings.arch} SAEs${s.width === null ? '' : ` of width ${s.width}`}${s.dIn === null ? '' : ` on d_in ${s.dIn}`}, ${s.settings.steps} steps × ${s.settings.batch} rows,
        lr ${s.settings.lr}, seed ${s.settings.seed}, data ${s.settings.data}${s.trueL0 === null ? '' : html`; true L0 of the data <span class="number">${s.trueL0.toFixed(2)}</span>`}
      </p>
      ${s.error ? html`<p class="error">${s.error}</p>` : nothing}
      ${s.cancelled ? html`<p class="muted">Cancelled: ${rows.length} SAE${rows.length === 1 ? '' : 's'} finished and are kept.</p>` : nothing}
      ${running ? this.renderProgress(s, rows.length, count) : nothing}
      ${this.renderRecommendation(s)}
      ${rows.length > 0 ? this.renderCurves(s, rows) : nothing}
      ${rows.length > 0 ? this.renderTable(s, rows) : nothing}
      ${this.renderHeatmap(s, rows)}
      ${s.seconds ? html`<p class="muted">engine time ${s.seconds.total.toFixed(1)} s${s.seconds.training > 0 ? ` (training ${s.seconds.training.toFixed(1)} s, evaluation ${s.seconds.evaluation.toFixed(1)} s)` : ''}; saved in ${s.folder}</p>` : nothing}
    `;
  }

  private renderProgress(s: L0ViewState, done: number, count: number | undefined) {
    const what = done > 0 ? `${done} of ${count ?? '?'} SAEs evaluated` : (s.progress?.message ?? 'starting…');
    const percent = s.progress ? ` (${Math.round(100 * s.progress.fraction)}% of training)` : '';
    return html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Sweeping: ${what}${done > 0 ? '' : percent}</p>`;
  }

  private renderRecommendation(s: L0ViewState) {
    const r = s.recommended;
    if (!r) return nothing;
    const provisional = s.folder === null && !s.cancelled;
    return html`
      <p class="recommendation">
        Recommended L0: <strong class="number">${r.l0.toFixed(2)}</strong>
        <span class="muted">(${r.rule === 'minimum' ? 'minimum of c_dec' : 'elbow of c_dec'}${provisional ? ', so far' : ''})</span>
      </p>
      <p class="muted rule">${r.description}</p>
    `;
  }

  private renderCurves(s: L0ViewState, rows: L0SweepRow[]) {
    const markers: ChartMarker[] = [];
    if (s.recommended) markers.push({ x: s.recommended.l0, label: `recommended ${s.recommended.l0.toFixed(2)}`, colour: 'fg' });
    if (s.trueL0 !== null) markers.push({ x: s.trueL0, label: `true L0 ${s.trueL0.toFixed(2)}`, colour: 'muted' });
    const line = (name: string, value: (r: L0SweepRow) => number | null): Series => ({
      name,
      points: rows.flatMap((r) => {
        const v = value(r);
        return v === null ? [] : [[r.l0, v] as [number, number]];
      }),
    });
    const ns = rows[0].projections.map((p) => p.n);
    const truth = rows.some((r) => r.groundTruthMse !== null);
    return html`
      <h2>Proxy curves</h2>
      <div class="charts">
        ${this.chart('c-dec', 'c_dec, decoder pairwise cosine', L0_FORMULAS.cDec, [line('c_dec', (r) => r.cDec)], markers)}
        ${this.chart('s-n-dec', 's_n^dec, n-th decoder projection', L0_FORMULAS.projection,
          ns.map((n) => line(`s_${n}`, (r) => r.projections.find((p) => p.n === n)?.value ?? null)), markers)}
        ${this.chart('mse', truth ? 'MSE: trained SAE and ground-truth SAE' : 'MSE', L0_FORMULAS.mse,
          [line('MSE', (r) => r.mse), ...(truth ? [line('GT MSE', (r) => r.groundTruthMse)] : [])], markers)}
        ${this.chart('explained-variance', 'explained variance', `${L0_FORMULAS.explainedVariance}; ${L0_FORMULAS.explainedVarianceUncentred}`,
          [line('EV', (r) => r.explainedVariance), line('FVE', (r) => r.explainedVarianceUncentred)], markers)}
      </div>
    `;
  }

  private chart(name: string, title: string, formula: string, series: Series[], markers: ChartMarker[]) {
    return html`<div class="chart">
      <div class="muted" title=${formula}>${title}</div>
      <saescope-chart name=${`${this.sweep?.id ?? 'l0'}-${name}`} .spec=${{ kind: 'line', series, xLabel: 'L0', dots: true, markers }}></saescope-chart>
    </div>`;
  }

  private renderTable(s: L0ViewState, rows: L0SweepRow[]) {
    const jumprelu = s.settings.arch === 'jumprelu';
    const columns = l0Columns(rows, jumprelu);
    const recommended = s.recommended?.index ?? null;
    const heatmaps = rows.some((r) => r.heatmap !== null);
    return html`
      <h2>Per L0</h2>
      <table class="l0-table">
        <thead><tr>${columns.map((c) => html`<th title=${c.formula}>${c.label}</th>`)}<th></th></tr></thead>
        <tbody>
          ${rows.map((row) => html`<tr class=${[row.index === recommended ? 'recommended' : '', row.index === this.shownRow(s, rows)?.index && heatmaps ? 'selected' : ''].join(' ')}
              @click=${() => this.select(row.index)}>
            ${columns.map((c) => html`<td class="number" title=${c.formula}>${format(c.value(row), c.digits)}</td>`)}
            <td>${row.index === recommended ? '★ recommended' : ''}</td>
          </tr>`)}
        </tbody>
      </table>
      <p class="muted">Hover a header or a value for its formula${heatmaps ? '; click a row to show its heatmap' : ''}.</p>
      <saescope-export-data name=${`${s.id}-l0-sweep`} .content=${() => ({ table: l0Table(s.rows, jumprelu, recommended), json: this.json(s) })}></saescope-export-data>
      <vscode-button secondary @click=${() => this.copyPython(s)}>Copy as Python</vscode-button>
    `;
  }

  private copyPython(s: L0ViewState): void {
    const detail: L0CopyPython = {
      kind: 'copyPython',
      id: s.id,
      settings: s.settings,
      width: s.width,
      trueL0: s.trueL0,
      rows: byL0(s.rows).map((r) => ({ ...r, heatmap: null })),
      recommended: s.recommended,
    };
    this.dispatchEvent(new CustomEvent<L0CopyPython>('copy-python', { detail }));
  }

  private json(s: L0ViewState) {
    const { id, settings, dIn, width, trueL0, rows, recommended, cancelled, seconds } = s;
    return { id, settings, dIn, width, trueL0, recommended, cancelled, seconds, rows: byL0(rows) };
  }

  /** The chosen row, else the recommended one, else the first with a heatmap. */
  private shownRow(s: L0ViewState, rows: L0SweepRow[]): L0SweepRow | undefined {
    const withHeatmap = rows.filter((r) => r.heatmap !== null);
    return withHeatmap.find((r) => r.index === s.selected) ?? withHeatmap.find((r) => r.index === s.recommended?.index) ?? withHeatmap[0];
  }

  private renderHeatmap(s: L0ViewState, rows: L0SweepRow[]) {
    const row = this.shownRow(s, rows);
    if (!row?.heatmap) {
      return rows.length > 0 && rows.every((r) => r.mmcs !== null) ? html`<p class="muted">The heatmap is left out above 65 536 cells.</p>` : nothing;
    }
    const setting = row.k !== null ? `k ${row.k}` : `λ_s ${row.coefficient}`;
    return html`
      <h2>Features × latents at L0 ${row.l0.toFixed(2)} (${setting})</h2>
      <p class="muted" title=${L0_FORMULAS.heatmap}>Decoder cosines with the true features, latents in the papers' order. A disentangled SAE draws one
        clean cell per row; mixing shows as rows spread over several latents.</p>
      <saescope-heatmap name=${`${s.id}-heatmap-l0-${row.l0.toFixed(2)}`} .heatmap=${row.heatmap}></saescope-heatmap>
    `;
  }

  private select(index: number): void {
    this.dispatchEvent(new CustomEvent<number>('select-row', { detail: index }));
  }
}

function format(value: number | null, digits: number): string {
  if (value === null) return '—';
  const magnitude = Math.abs(value);
  return magnitude !== 0 && magnitude < 10 ** -digits ? value.toExponential(2) : value.toFixed(digits);
}

customElements.define('saescope-l0', L0View);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-l0': L0View;
  }
}
