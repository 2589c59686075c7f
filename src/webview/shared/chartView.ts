/**
 * <saescope-chart>: a small SVG chart (line or histogram, optional log y axis) with Export SVG / PNG buttons.
 * Exports are sent to the host as an `export-chart` event; the panel forwards it, since webviews cannot save files.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { css, html, LitElement, svg } from 'lit';
import { sceneToPng, sceneToSvg, type Palette } from './chartRender';
import { buildScene, type ChartColour, type ChartSpec } from './chartScene';

const COLOUR_VARIABLES: Record<ChartColour, [string, string]> = {
  fg: ['--vscode-foreground', '#cccccc'],
  muted: ['--vscode-descriptionForeground', '#999999'],
  grid: ['--vscode-editorWidget-border', '#444444'],
  series0: ['--vscode-charts-blue', '#3794ff'],
  series1: ['--vscode-charts-orange', '#d18616'],
  series2: ['--vscode-charts-green', '#89d185'],
  series3: ['--vscode-charts-purple', '#b180d7'],
};

export interface ChartExportDetail {
  format: 'svg' | 'png';
  name: string;
  data: string;
}

export class ChartView extends LitElement {
  static override properties = { spec: { attribute: false }, name: {}, width: { type: Number }, height: { type: Number } };

  declare spec: ChartSpec | undefined;
  /** File name offered on export. */
  declare name: string;
  declare width: number;
  declare height: number;

  constructor() {
    super();
    this.name = 'chart';
    this.width = 420;
    this.height = 220;
  }

  static override styles = css`
    :host {
      display: inline-block;
      font-family: var(--vscode-font-family);
      font-size: 11px;
    }
    .fg { color: var(--vscode-foreground); }
    .muted { color: var(--vscode-descriptionForeground); }
    .grid { color: var(--vscode-editorWidget-border, #444); }
    .series0 { color: var(--vscode-charts-blue); }
    .series1 { color: var(--vscode-charts-orange); }
    .series2 { color: var(--vscode-charts-green); }
    .series3 { color: var(--vscode-charts-purple); }
    path { fill: none; stroke: currentColor; }
    rect, text { fill: currentColor; }
    .actions { display: flex; gap: 0.4rem; justify-content: flex-end; }
  `;

  override render() {
    if (!this.spec) return html``;
    const scene = buildScene(this.spec, this.width, this.height);
    return html`
      <svg width=${scene.width} height=${scene.height} role="img" aria-label=${this.name}>
        ${scene.primitives.map((p) => {
          if (p.kind === 'path') {
            const d = p.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
            return svg`<path class=${p.colour} d=${d} stroke-width=${p.width}></path>`;
          }
          if (p.kind === 'rect') return svg`<rect class=${p.colour} x=${p.x} y=${p.y} width=${p.w} height=${p.h}></rect>`;
          return svg`<text class=${p.colour} x=${p.x} y=${p.y} text-anchor=${p.anchor}>${p.text}</text>`;
        })}
      </svg>
      <div class="actions">
        <vscode-button secondary @click=${() => this.export('svg')}>Export SVG</vscode-button>
        <vscode-button secondary @click=${() => this.export('png')}>Export PNG</vscode-button>
      </div>
    `;
  }

  private export(format: 'svg' | 'png'): void {
    if (!this.spec) return;
    const scene = buildScene(this.spec, this.width, this.height);
    const style = getComputedStyle(this);
    const palette = Object.fromEntries(
      Object.entries(COLOUR_VARIABLES).map(([name, [variable, fallback]]) => [name, style.getPropertyValue(variable).trim() || fallback]),
    ) as Palette;
    const font = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
    const background = style.getPropertyValue('--vscode-editor-background').trim() || '#ffffff';
    const data = format === 'svg' ? sceneToSvg(scene, palette, font) : sceneToPng(scene, palette, font, background);
    this.dispatchEvent(new CustomEvent<ChartExportDetail>('export-chart', { detail: { format, name: this.name, data }, bubbles: true, composed: true }));
  }
}

customElements.define('saescope-chart', ChartView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-chart': ChartView;
  }
}
