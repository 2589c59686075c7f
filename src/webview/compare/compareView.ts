/** <saescope-compare>: two SAEs matched one-to-one by decoder cosine: shared and unmatched latents, cosine histogram, metrics side by side. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { css, html, LitElement } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { CompareResult, MatchMethod, ToCompareView } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { panelStyles } from '../shared/panelStyles';

const SHOWN_PAIRS = 100;

/** What "Copy as Python" asks the host for: the matching of these two SAEs. */
export interface CopyCompareDetail {
  a: string;
  b: string;
  threshold: number;
  method: MatchMethod;
}

export class CompareView extends LitElement {
  static override properties = { message: { attribute: false } };

  declare message: ToCompareView | undefined;

  static override styles = [panelStyles, css`
    .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0; }
  `];

  override render() {
    const m = this.message;
    if (!m) return html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Waiting…</p>`;
    if (m.kind === 'comparing') return html`<h1>Comparing</h1><p class="busy"><vscode-progress-ring></vscode-progress-ring>${m.a} ↔ ${m.b}</p>`;
    if (m.kind === 'error') return html`<h1>Compare</h1><p class="error">${m.message}</p>`;
    return this.renderResult(m.result);
  }

  private renderResult(r: CompareResult) {
    const method =
      r.method === 'hungarian'
        ? 'Hungarian assignment on the full decoder cosine matrix (maximum total cosine)'
        : 'greedy: each latent’s 8 nearest decoder directions, best pairs first (for wide SAEs, where O(n³) Hungarian is too slow)';
    return html`
      <h1>Compare</h1>
      <div class="actions">
        <saescope-export-data name="compare" .content=${() => compareExport(r)}></saescope-export-data>
        <vscode-button secondary @click=${() => this.copyPython(r)}>Copy as Python</vscode-button>
      </div>
      <table>
        <thead><tr><th></th><th>path</th><th>architecture</th><th>d_sae</th></tr></thead>
        <tbody>
          <tr><td>A</td><td>${r.a.path}</td><td>${r.a.architecture}</td><td class="number">${r.a.dSae}</td></tr>
          <tr><td>B</td><td>${r.b.path}</td><td>${r.b.architecture}</td><td class="number">${r.b.dSae}</td></tr>
        </tbody>
      </table>
      <h2>Latent matching</h2>
      <p class="muted">${method}; decoder rows compared by cosine.</p>
      <table class="summary">
        <tbody>
          <tr><td>shared (matched, cos ≥ ${r.threshold})</td><td class="number">${r.shared}</td></tr>
          <tr><td>only in A</td><td class="number">${r.unmatchedA}</td></tr>
          <tr><td>only in B</td><td class="number">${r.unmatchedB}</td></tr>
          <tr><td>mean cosine of matched pairs</td><td class="number">${r.meanCosine.toFixed(4)}</td></tr>
        </tbody>
      </table>
      <div class="charts">
        <div>
          <div class="muted">cosine of matched pairs (log count)</div>
          <saescope-chart name="matched-cosines" .spec=${{ kind: 'bars', edges: r.cosineHistogram.edges, counts: r.cosineHistogram.counts, xLabel: 'cosine', logY: true }}></saescope-chart>
        </div>
      </div>
      ${r.metrics ? this.renderMetrics(r.metrics) : html`<p class="muted">No data chosen, so no metrics.</p>`}
      <h2>Best-matched pairs</h2>
      <table>
        <thead><tr><th>A</th><th>B</th><th>cosine</th></tr></thead>
        <tbody>${r.pairs.slice(0, SHOWN_PAIRS).map((p) => html`<tr><td>${p.a}</td><td>${p.b}</td><td class="number">${p.cosine.toFixed(4)}</td></tr>`)}</tbody>
      </table>
      <h2>Unmatched</h2>
      <p><span class="muted">A:</span> ${r.unmatchedAList.join(', ') || 'none'}${r.unmatchedA > r.unmatchedAList.length ? ' …' : ''}</p>
      <p><span class="muted">B:</span> ${r.unmatchedBList.join(', ') || 'none'}${r.unmatchedB > r.unmatchedBList.length ? ' …' : ''}</p>
      <p class="muted">${r.seconds.toFixed(2)} s</p>
    `;
  }

  private copyPython(r: CompareResult): void {
    const detail: CopyCompareDetail = { a: r.a.path, b: r.b.path, threshold: r.threshold, method: r.method };
    this.dispatchEvent(new CustomEvent('copy-python', { detail }));
  }

  private renderMetrics(metrics: NonNullable<CompareResult['metrics']>) {
    return html`
      <h2>Metrics on the same ${metrics.rows} rows of ${metrics.data}</h2>
      <saescope-export-data name="compare-metrics" .content=${() => metricsExport(metrics)}></saescope-export-data>
      <table>
        <thead><tr><th>metric</th><th>A</th><th>B</th><th>B − A</th></tr></thead>
        <tbody>
          ${metrics.values.map(
            (m) => html`<tr title=${m.formula}>
              <td>${m.label}</td><td class="number">${fmt(m.a)}</td><td class="number">${fmt(m.b)}</td><td class="number">${fmt(m.b - m.a)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }
}

/** CSV: the matched pairs the panel lists (best first, capped); JSON: the whole comparison. */
function compareExport(r: CompareResult): ExportContent {
  return {
    table: { columns: ['a', 'b', 'cosine', 'shared'], rows: r.pairs.map((p) => [p.a, p.b, p.cosine, p.cosine >= r.threshold]) },
    json: r,
  };
}

function metricsExport(metrics: NonNullable<CompareResult['metrics']>): ExportContent {
  return {
    table: { columns: ['metric', 'label', 'a', 'b', 'b_minus_a', 'formula'], rows: metrics.values.map((m) => [m.id, m.label, m.a, m.b, m.b - m.a, m.formula]) },
    json: metrics,
  };
}

function fmt(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? value.toExponential(3) : String(Number(value.toPrecision(5)));
}

customElements.define('saescope-compare', CompareView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-compare': CompareView;
  }
}
