import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { css, html, LitElement, nothing } from 'lit';
import type { EngineInfo, ToEngineInfoView } from '../../shared/protocol';

/** Shows what the host last sent: nothing yet (loading), the engine info, or why it could not be read. */
export class EngineInfoView extends LitElement {
  static override properties = { message: { attribute: false } };

  declare message: ToEngineInfoView | undefined;

  static override styles = css`
    :host {
      display: block;
      padding: 0 1rem 1rem;
      color: var(--vscode-foreground);
      font-family: var(--vscode-font-family);
      font-size: var(--vscode-font-size);
    }
    h1 {
      font-size: 1.4em;
      font-weight: 600;
    }
    h2 {
      font-size: 1.1em;
      font-weight: 600;
      margin-top: 1.5rem;
    }
    .loading {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      color: var(--vscode-descriptionForeground);
    }
    .error {
      color: var(--vscode-errorForeground);
    }
    dl {
      display: grid;
      grid-template-columns: max-content auto;
      gap: 0.25rem 1rem;
    }
    dt {
      color: var(--vscode-descriptionForeground);
    }
    dd {
      margin: 0;
      font-family: var(--vscode-editor-font-family);
    }
    table {
      border-collapse: collapse;
    }
    th,
    td {
      text-align: left;
      padding: 0.3rem 1rem 0.3rem 0;
      border-bottom: 1px solid var(--vscode-panel-border);
      vertical-align: top;
    }
    th {
      color: var(--vscode-descriptionForeground);
      font-weight: normal;
    }
    .detail {
      color: var(--vscode-descriptionForeground);
    }
  `;

  override render() {
    const message = this.message;
    return html`
      <h1>SAE Scope engine</h1>
      ${message === undefined
        ? html`<p class="loading"><vscode-progress-ring></vscode-progress-ring>Starting the engine…</p>`
        : message.kind === 'engineError'
          ? html`<p class="error">The engine could not report its state: ${message.message}</p>`
          : this.renderInfo(message.info)}
    `;
  }

  private renderInfo(info: EngineInfo) {
    return html`
      <dl>
        <dt>Engine version</dt>
        <dd>${info.engineVersion}</dd>
        <dt>ONNX Runtime version</dt>
        <dd>${info.onnxruntimeVersion}</dd>
      </dl>
      <h2>Execution providers</h2>
      <table>
        <thead>
          <tr><th>Provider</th><th>Status</th><th>Detail</th></tr>
        </thead>
        <tbody>
          ${info.providers.map(
            (p) => html`
              <tr>
                <td>${p.name}</td>
                <td>${p.available ? html`<vscode-badge>available</vscode-badge>` : 'unavailable'}</td>
                <td class="detail">${p.detail || nothing}</td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    `;
  }
}

customElements.define('saescope-engine-info', EngineInfoView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-engine-info': EngineInfoView;
  }
}
