/**
 * <saescope-latent-table>: a virtualised table of latents. Only the rows in view (plus a margin) are in the DOM;
 * the row data comes from `rowAt`, and the table asks for the rows it shows through `visible-range` events.
 * Heights and offsets are set through the CSSOM (not style attributes), which the nonce-only CSP allows.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import type { LatentColumn, LatentRow } from '../../shared/protocol';
import { formatValue } from './format';

export const ROW_HEIGHT = 22;
const MARGIN_ROWS = 20;

const HEADERS: { column: LatentColumn | null; label: string; title: string }[] = [
  { column: 'index', label: 'Latent', title: 'latent index' },
  { column: 'density', label: 'Density', title: 'firing density from sparsity.safetensors: count_i / N' },
  { column: 'maxActivation', label: 'Max act', title: 'largest activation on the attached data' },
  { column: 'decoderNorm', label: 'Decoder ‖W_dec,i‖', title: 'L2 norm of the decoder row' },
  { column: null, label: 'Nearest', title: 'the latent with the most similar decoder direction' },
  { column: 'nearestCosine', label: 'Cosine', title: 'cos(W_dec,i, W_dec,nearest)' },
];

export class LatentTableView extends LitElement {
  static override properties = {
    rowAt: { attribute: false },
    total: { type: Number },
    sortBy: { attribute: false },
    descending: { type: Boolean },
    selected: { attribute: false },
    initialScrollTop: { type: Number },
    version: { type: Number },
    first: { state: true },
  };

  declare rowAt: (position: number) => LatentRow | undefined;
  declare total: number;
  declare sortBy: LatentColumn;
  declare descending: boolean;
  declare selected: number | null;
  declare initialScrollTop: number;
  /** Bumped by the owner when rows arrive, to redraw. */
  declare version: number;
  declare first: number;
  private visibleRows = 30;
  private restored = false;

  constructor() {
    super();
    this.rowAt = () => undefined;
    this.total = 0;
    this.sortBy = 'index';
    this.descending = false;
    this.selected = null;
    this.initialScrollTop = 0;
    this.version = 0;
    this.first = 0;
  }

  static override styles = css`
    :host { display: block; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
    .header, .row { display: grid; grid-template-columns: 6rem 7rem 7rem 9rem 6rem 6rem; align-items: center; }
    .header { border-bottom: 1px solid var(--vscode-panel-border); color: var(--vscode-descriptionForeground); }
    .header button {
      background: none; border: none; color: inherit; font: inherit; text-align: left; padding: 4px 6px; cursor: pointer;
    }
    .header button:hover { color: var(--vscode-foreground); }
    .header .active { color: var(--vscode-foreground); font-weight: 600; }
    .scroller { height: 55vh; overflow-y: auto; position: relative; outline: none; }
    .sizer { position: relative; }
    .window { position: absolute; left: 0; right: 0; top: 0; will-change: transform; }
    .row { height: ${ROW_HEIGHT}px; cursor: pointer; font-family: var(--vscode-editor-font-family); font-variant-numeric: tabular-nums; }
    .row > span { padding: 0 6px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .row:hover { background: var(--vscode-list-hoverBackground); }
    .row.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
    .pending { color: var(--vscode-descriptionForeground); }
    .link { color: var(--vscode-textLink-foreground); }
  `;

  override render() {
    const last = Math.min(this.total, this.first + this.visibleRows + 2 * MARGIN_ROWS);
    const positions = [];
    for (let p = this.first; p < last; p++) positions.push(p);
    return html`
      <div class="header" role="row">
        ${HEADERS.map(
          (h) => html`<button
            class=${h.column === this.sortBy ? 'active' : ''}
            title=${h.title}
            ?disabled=${h.column === null}
            @click=${() => h.column && this.dispatch('sort', h.column)}
          >${h.label}${h.column === this.sortBy ? (this.descending ? ' ▼' : ' ▲') : ''}</button>`,
        )}
      </div>
      <div class="scroller" tabindex="0" @scroll=${this.onScroll} @keydown=${this.onKey}>
        <div class="sizer">
          <div class="window">${positions.map((p) => this.renderRow(p))}</div>
        </div>
      </div>
    `;
  }

  private renderRow(position: number) {
    const row = this.rowAt(position);
    if (!row) return html`<div class="row pending" data-position=${position}><span>…</span></div>`;
    return html`<div
      class="row ${row.index === this.selected ? 'selected' : ''}"
      data-latent=${row.index}
      @click=${() => this.dispatch('select', row.index)}
    >
      <span>${row.index}</span>
      <span>${formatValue(row.density)}</span>
      <span>${formatValue(row.maxActivation)}</span>
      <span>${formatValue(row.decoderNorm)}</span>
      <span class=${row.nearest === null ? '' : 'link'}>${row.nearest ?? '—'}</span>
      <span>${formatValue(row.nearestCosine, 3)}</span>
    </div>`;
  }

  override firstUpdated(): void {
    const scroller = this.scroller();
    this.visibleRows = Math.ceil(scroller.clientHeight / ROW_HEIGHT) || 30;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const scroller = this.scroller();
    (this.renderRoot.querySelector('.sizer') as HTMLElement).style.height = `${this.total * ROW_HEIGHT}px`;
    const windowTop = Math.max(0, this.first) * ROW_HEIGHT;
    (this.renderRoot.querySelector('.window') as HTMLElement).style.transform = `translateY(${windowTop}px)`;
    if (!this.restored && this.total > 0) {
      this.restored = true;
      scroller.scrollTop = this.initialScrollTop;
      this.onScroll();
    } else if (changed.has('total')) {
      this.announceRange();
    }
  }

  /** Scrolls back to the top (a new sort or search). */
  resetScroll(): void {
    const scroller = this.scroller();
    scroller.scrollTop = 0;
    this.first = 0;
    this.announceRange();
  }

  private scroller(): HTMLElement {
    return this.renderRoot.querySelector('.scroller') as HTMLElement;
  }

  private readonly onScroll = (): void => {
    const scroller = this.scroller();
    this.visibleRows = Math.ceil(scroller.clientHeight / ROW_HEIGHT) || this.visibleRows;
    this.first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - MARGIN_ROWS);
    this.dispatch('scrolled', scroller.scrollTop);
    this.announceRange();
  };

  private announceRange(): void {
    if (this.total === 0) return;
    const last = Math.min(this.total - 1, this.first + this.visibleRows + 2 * MARGIN_ROWS);
    this.dispatch('visible-range', { first: this.first, last });
  }

  /** Up and down move the selection through the rows in their current order. */
  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    let position = -1;
    for (let p = this.first; p < Math.min(this.total, this.first + this.visibleRows + 2 * MARGIN_ROWS); p++) {
      if (this.rowAt(p)?.index === this.selected) position = p;
    }
    const next = this.rowAt(Math.min(this.total - 1, Math.max(0, position + (event.key === 'ArrowDown' ? 1 : -1))));
    if (next) this.dispatch('select', next.index);
  };

  private dispatch(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}

customElements.define('saescope-latent-table', LatentTableView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-latent-table': LatentTableView;
  }
}
