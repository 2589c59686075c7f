/**
 * <saescope-sae-inspector>: the SAE inspector. Shows the overview, the latent table (pages fetched by message,
 * sorted and filtered in the worker) and the selected latent's page; keeps its view state with the host connection.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { css, html, LitElement, nothing } from 'lit';
import type { AttachSummary, FromInspector, LatentColumn, LatentDetail, SaeOverview, ToInspector } from '../../shared/protocol';
import type { DataFormat } from '../../shared/dataExport';
import '../shared/exportButtons';
import type { HostConnection } from '../shared/hostConnection';
import './latentPageView';
import './latentTableView';
import { neuronpediaFeature } from './neuronpediaFeature';
import { PAGE_ROWS, RowCache } from './rowCache';
import type { InspectorState } from './viewState';

export class InspectorView extends LitElement {
  static override properties = {
    overview: { state: true },
    detail: { state: true },
    attached: { state: true },
    busy: { state: true },
    error: { state: true },
    total: { state: true },
    version: { state: true },
    viewState: { state: true },
  };

  declare overview: SaeOverview | undefined;
  declare detail: LatentDetail | undefined;
  declare attached: AttachSummary | null;
  declare busy: string | null;
  declare error: string | null;
  declare total: number;
  declare version: number;
  declare viewState: InspectorState;

  host!: HostConnection<FromInspector, InspectorState>;
  private readonly cache = new RowCache();
  private requestId = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.attached = null;
    this.busy = null;
    this.error = null;
    this.total = 0;
    this.version = 0;
  }

  static override styles = css`
    :host { display: block; padding: 0 1rem 1rem; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
    h1 { font-size: 1.3em; font-weight: 600; margin: 0.8rem 0 0.4rem; }
    .facts { display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; color: var(--vscode-descriptionForeground); }
    .facts b { color: var(--vscode-foreground); font-weight: normal; font-family: var(--vscode-editor-font-family); }
    details { margin: 0.5rem 0; }
    summary { cursor: pointer; color: var(--vscode-descriptionForeground); }
    table.meta td { padding: 1px 12px 1px 0; font-family: var(--vscode-editor-font-family); vertical-align: top; }
    .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem; margin: 0.6rem 0; }
    .toolbar vscode-textfield { width: 24rem; }
    .count { color: var(--vscode-descriptionForeground); }
    .feature-export { margin: 0 0.5rem; }
    .main { display: grid; grid-template-columns: minmax(0, 48rem) minmax(18rem, 1fr); gap: 1rem; }
    /* Beside the code (CodeLens) the editor is narrow: the latent page goes under the table. */
    @media (max-width: 56rem) { .main { grid-template-columns: minmax(0, 1fr); } }
    .error { color: var(--vscode-errorForeground); }
    .busy { display: flex; align-items: center; gap: 0.5rem; color: var(--vscode-descriptionForeground); }
  `;

  /** The host's messages, already validated. */
  receive(message: ToInspector): void {
    switch (message.kind) {
      case 'overview':
        this.overview = message.overview;
        this.error = null;
        this.refetch(false);
        if (this.viewState.selected !== null) this.host.post({ kind: 'latent', latent: this.viewState.selected });
        return;
      case 'rows':
        if (message.requestId < this.firstCurrentRequest) return;
        this.cache.store(message.page);
        this.total = message.page.total;
        this.version++;
        return;
      case 'latent':
        this.detail = message.detail;
        return;
      case 'columnsChanged':
        this.attached = message.attached;
        this.refetch(false);
        if (this.viewState.selected !== null) this.host.post({ kind: 'latent', latent: this.viewState.selected });
        return;
      case 'busy':
        this.busy = message.message;
        return;
      case 'error':
        this.error = message.message;
        return;
    }
  }

  /** Requests sent before this id belong to an older query. */
  private firstCurrentRequest = 0;

  override render() {
    const o = this.overview;
    if (!o) {
      return this.error
        ? html`<p class="error">${this.error}</p>`
        : html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Reading the SAE in the engine…</p>`;
    }
    const s = this.viewState;
    return html`
      <h1>${o.path.split(/[\\/]/).slice(-2).join('/')}</h1>
      <div class="facts">
        <span>format <b>${o.format}</b></span>
        <span>architecture <b>${o.architecture}</b></span>
        <span>d_in <b>${o.dIn}</b></span>
        <span>d_sae <b>${o.dSae}</b></span>
        <span>dtype <b>${o.dtype}</b></span>
        ${o.k === null ? nothing : html`<span>k <b>${o.k}</b></span>`}
        ${o.hookName ? html`<span>hook <b>${o.hookName}</b></span>` : nothing}
        ${o.modelName ? html`<span>model <b>${o.modelName}</b></span>` : nothing}
        <span>normalisation <b>${o.normalizeActivations}</b></span>
      </div>
      <details>
        <summary>Tensors and metadata</summary>
        <table class="meta">
          ${o.tensors.map((t) => html`<tr><td>${t.name}</td><td>[${t.shape.join(', ')}]</td></tr>`)}
          ${Object.entries(o.metadata).map(([k, v]) => html`<tr><td>${k}</td><td>${v}</td></tr>`)}
        </table>
      </details>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      <div class="toolbar">
        <vscode-textfield
          placeholder="Search: 12, 100-200, density<1e-4, cos>0.9, max>2, dead"
          .value=${s.search}
          @input=${(e: Event) => this.onSearch((e.target as HTMLInputElement).value)}
        ></vscode-textfield>
        <span class="count">${this.total} of ${o.dSae} latents</span>
        <vscode-button ?disabled=${this.busy !== null} @click=${() => this.host.post({ kind: 'attachData' })}>Attach data…</vscode-button>
        <vscode-button secondary title="Every latent passing the search, in this order" @click=${() => this.exportLatents('csv')}>Export CSV</vscode-button>
        <vscode-button secondary title="Every latent passing the search, in this order" @click=${() => this.exportLatents('json')}>Export JSON</vscode-button>
        <vscode-button secondary title="NumPy code that computes this table and the selected latent's page" @click=${() => this.host.post({ kind: 'copyPython', latent: this.viewState.selected })}>Copy as Python</vscode-button>
        ${this.busy ? html`<span class="busy"><vscode-progress-ring></vscode-progress-ring>${this.busy}</span>` : nothing}
        ${this.attached && !this.busy ? html`<span class="count">data: ${this.attached.source}, ${this.attached.rows} rows</span>` : nothing}
      </div>
      <div class="main">
        <saescope-latent-table
          .rowAt=${(p: number) => this.cache.row(p)}
          .total=${this.total}
          .sortBy=${s.sortBy}
          .descending=${s.descending}
          .selected=${s.selected}
          .initialScrollTop=${s.scrollTop}
          .version=${this.version}
          @visible-range=${(e: CustomEvent<{ first: number; last: number }>) => this.fetch(e.detail.first, e.detail.last)}
          @sort=${(e: CustomEvent<LatentColumn>) => this.onSort(e.detail)}
          @select=${(e: CustomEvent<number>) => this.select(e.detail)}
          @scrolled=${(e: CustomEvent<number>) => this.save({ scrollTop: e.detail })}
        ></saescope-latent-table>
        <div>
          ${this.detail ? this.renderFeatureExport(o, this.detail) : nothing}
          <saescope-latent-page .detail=${this.detail} .attached=${this.attached !== null} @select=${(e: CustomEvent<number>) => this.select(e.detail)}></saescope-latent-page>
        </div>
      </div>
    `;
  }

  /** The latent page in Neuronpedia's feature fields; the event goes straight to the host. */
  private renderFeatureExport(overview: SaeOverview, detail: LatentDetail) {
    return html`<saescope-export-data
      class="feature-export"
      name=${`latent-${detail.index}`}
      label="Export feature (Neuronpedia)"
      .formats=${['json']}
      .content=${() => ({ table: { columns: [], rows: [] }, json: neuronpediaFeature(overview, detail) })}
      @export-data=${(e: CustomEvent<FromInspector>) => this.host.post(e.detail)}
    ></saescope-export-data>`;
  }

  private exportLatents(format: DataFormat): void {
    const { sortBy, descending, search } = this.viewState;
    this.host.post({ kind: 'exportLatents', format, query: { sortBy, descending, search } });
  }

  private onSort(column: LatentColumn): void {
    const s = this.viewState;
    // A new column starts with the order that shows its interesting end first: largest values, smallest index.
    const descending = column === s.sortBy ? !s.descending : column !== 'index';
    this.save({ sortBy: column, descending, scrollTop: 0 });
    this.refetch(true);
  }

  private onSearch(search: string): void {
    this.save({ search, scrollTop: 0 });
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.refetch(true), 200);
  }

  private select(latent: number): void {
    this.save({ selected: latent });
    this.host.post({ kind: 'latent', latent });
  }

  /** Drops every page (the query or the columns changed) and asks again for what is in view. */
  private refetch(toTop: boolean): void {
    this.cache.clear();
    this.firstCurrentRequest = this.requestId + 1;
    this.error = null;
    const table = this.renderRoot.querySelector('saescope-latent-table');
    if (toTop && table) table.resetScroll();
    const first = toTop ? 0 : Math.floor(this.viewState.scrollTop / 22);
    this.fetch(Math.max(0, first - 20), first + 80);
    this.version++;
  }

  private fetch(first: number, last: number): void {
    const { sortBy, descending, search } = this.viewState;
    for (const page of this.cache.missing(first, last)) {
      this.host.post({ kind: 'rows', requestId: ++this.requestId, query: { offset: page * PAGE_ROWS, limit: PAGE_ROWS, sortBy, descending, search } });
    }
  }

  private save(change: Partial<InspectorState>): void {
    this.viewState = { ...this.viewState, ...change };
    this.host.saveState(this.viewState);
  }
}

customElements.define('saescope-sae-inspector', InspectorView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-sae-inspector': InspectorView;
  }
}
