/**
 * <saescope-heatmap>: a feature × latent cosine matrix drawn on a canvas (one rectangle per cell: cheap at any size
 * the panel is sent), blue for positive and red for negative cosines, fading to the editor background at 0.
 * Hovering a cell names it; Export SVG / PNG dispatch `export-chart` like the charts do.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { css, html, LitElement, type PropertyValues } from 'lit';
import type { L0Heatmap } from '../../shared/protocol';
import type { ChartExportDetail } from '../shared/chartView';

const MAX_SIDE = 420;

export class HeatmapView extends LitElement {
  static override properties = { heatmap: { attribute: false }, name: {}, hovered: { state: true } };

  declare heatmap: L0Heatmap | undefined;
  declare name: string;
  declare hovered: string;

  constructor() {
    super();
    this.name = 'heatmap';
    this.hovered = '';
  }

  static override styles = css`
    :host { display: inline-block; font-family: var(--vscode-font-family); font-size: 11px; color: var(--vscode-foreground); }
    canvas { display: block; image-rendering: pixelated; border: 1px solid var(--vscode-editorWidget-border, #444); }
    .legend { color: var(--vscode-descriptionForeground); min-height: 1.4em; }
    .actions { display: flex; gap: 0.4rem; justify-content: flex-end; }
  `;

  override render() {
    if (!this.heatmap) return html``;
    const { cell, width, height } = this.geometry(this.heatmap);
    return html`
      <canvas width=${width} height=${height} role="img" aria-label=${this.name}
        @mousemove=${(e: MouseEvent) => this.hover(e, cell)} @mouseleave=${() => (this.hovered = '')}></canvas>
      <div class="legend">${this.hovered || 'rows: true features f_j; columns: latents in display order; blue +1, red −1'}</div>
      <div class="actions">
        <vscode-button secondary @click=${() => this.export('svg')}>Export SVG</vscode-button>
        <vscode-button secondary @click=${() => this.export('png')}>Export PNG</vscode-button>
      </div>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('heatmap') && this.heatmap) {
      const canvas = this.renderRoot.querySelector('canvas');
      if (canvas) this.draw(canvas, this.heatmap);
    }
  }

  private geometry(h: L0Heatmap) {
    const cell = Math.max(1, Math.min(12, Math.floor(MAX_SIDE / Math.max(h.latents, h.features))));
    return { cell, width: h.latents * cell, height: h.features * cell };
  }

  private colours() {
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      positive: read('--vscode-charts-blue', '#3794ff'),
      negative: read('--vscode-charts-red', '#f14c4c'),
      background: read('--vscode-editor-background', '#1e1e1e'),
    };
  }

  /** Cell (feature j, column r) is cos(W_dec[order[r]], f_j). */
  private cells(h: L0Heatmap, visit: (column: number, feature: number, cosine: number) => void): void {
    for (let r = 0; r < h.latents; r++) for (let j = 0; j < h.features; j++) visit(r, j, h.cosines[r * h.features + j]);
  }

  private draw(canvas: HTMLCanvasElement, h: L0Heatmap): void {
    const g = canvas.getContext('2d');
    if (!g) return;
    const { cell } = this.geometry(h);
    const c = this.colours();
    g.fillStyle = c.background;
    g.fillRect(0, 0, canvas.width, canvas.height);
    this.cells(h, (r, j, cosine) => {
      if (cosine === 0) return;
      g.globalAlpha = Math.min(1, Math.abs(cosine));
      g.fillStyle = cosine > 0 ? c.positive : c.negative;
      g.fillRect(r * cell, j * cell, cell, cell);
    });
    g.globalAlpha = 1;
  }

  private hover(e: MouseEvent, cell: number): void {
    const h = this.heatmap;
    if (!h) return;
    const r = Math.floor(e.offsetX / cell);
    const j = Math.floor(e.offsetY / cell);
    if (r < 0 || r >= h.latents || j < 0 || j >= h.features) return;
    this.hovered = `latent ${h.order[r]} · feature ${j}: cos ${h.cosines[r * h.features + j].toFixed(3)}`;
  }

  private export(format: 'svg' | 'png'): void {
    const h = this.heatmap;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!h || !canvas) return;
    let data: string;
    if (format === 'png') {
      data = canvas.toDataURL('image/png');
    } else {
      const { cell, width, height } = this.geometry(h);
      const c = this.colours();
      const rects: string[] = [];
      this.cells(h, (r, j, cosine) => {
        if (cosine !== 0) rects.push(`<rect x="${r * cell}" y="${j * cell}" width="${cell}" height="${cell}" fill="${cosine > 0 ? c.positive : c.negative}" fill-opacity="${Math.min(1, Math.abs(cosine)).toFixed(3)}"/>`);
      });
      data = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="${c.background}"/>${rects.join('')}</svg>`;
    }
    this.dispatchEvent(new CustomEvent<ChartExportDetail>('export-chart', { detail: { format, name: this.name, data }, bubbles: true, composed: true }));
  }
}

customElements.define('saescope-heatmap', HeatmapView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-heatmap': HeatmapView;
  }
}
