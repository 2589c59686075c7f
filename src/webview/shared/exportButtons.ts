/**
 * <saescope-export-data>: "Export CSV" and "Export JSON" buttons for a panel's data, beside the charts' own
 * Export SVG / PNG. How a panel adopts it:
 *
 *   html`<saescope-export-data name="run-r1-history" .content=${() => ({ table, json })}></saescope-export-data>`
 *
 * - `content` is called on click (so the export is always what the panel shows now) and returns an
 *   ExportContent (src/shared/dataExport.ts): `table` {columns, rows} is the CSV, and the JSON unless `json` is
 *   given, in which case `json` is the JSON document. Return undefined to export nothing.
 * - `name` is the file name offered in the save dialog, without extension.
 * - `formats` limits the buttons, e.g. `.formats=${['json']}`; `label` prefixes their text ("Export pairs CSV").
 * - A click dispatches `export-data` (bubbling, composed) whose detail is a complete DataExport message. The
 *   panel's main.ts forwards it unchanged: `view.addEventListener('export-data', (e) => host.post(e.detail))`, and
 *   the host's message handler passes it to `saveData` (src/extension/panels/saveData.ts), which asks where
 *   to save and writes the file atomically. Its message parser reads it with `readDataExport`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { css, html, LitElement } from 'lit';
import { dataExport, type DataExport, type DataFormat, type ExportContent } from '../../shared/dataExport';

export class ExportButtons extends LitElement {
  static override properties = { name: {}, label: {}, content: { attribute: false }, formats: { attribute: false } };

  declare name: string;
  declare label: string;
  declare content: (() => ExportContent | undefined) | undefined;
  declare formats: DataFormat[];

  constructor() {
    super();
    this.name = 'data';
    this.label = 'Export';
    this.formats = ['csv', 'json'];
  }

  static override styles = css`
    :host { display: inline-flex; gap: 0.4rem; }
  `;

  override render() {
    return this.formats.map(
      (format) => html`<vscode-button secondary @click=${() => this.export(format)}>${this.label} ${format.toUpperCase()}</vscode-button>`,
    );
  }

  private export(format: DataFormat): void {
    const content = this.content?.();
    if (!content) return;
    this.dispatchEvent(new CustomEvent<DataExport>('export-data', { detail: dataExport(format, this.name, content), bubbles: true, composed: true }));
  }
}

customElements.define('saescope-export-data', ExportButtons);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-export-data': ExportButtons;
  }
  interface HTMLElementEventMap {
    'export-data': CustomEvent<DataExport>;
  }
}
