/** <saescope-latent-page>: one latent: decoder, top decoder dimensions, nearest latents, and its activations once data is attached. */
import '../shared/chartView';
import { css, html, LitElement, nothing } from 'lit';
import type { LatentDetail, TokenContext } from '../../shared/protocol';
import { formatValue } from './format';

export class LatentPageView extends LitElement {
  static override properties = { detail: { attribute: false }, attached: { type: Boolean } };

  declare detail: LatentDetail | undefined;
  declare attached: boolean;

  static override styles = css`
    :host { display: block; padding: 0 0.5rem; font-family: var(--vscode-font-family); }
    h2 { font-size: 1.1em; margin: 0.5rem 0; }
    h3 { font-size: 1em; margin: 1rem 0 0.3rem; color: var(--vscode-descriptionForeground); font-weight: normal; }
    dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; margin: 0; }
    dt { color: var(--vscode-descriptionForeground); }
    dd { margin: 0; font-family: var(--vscode-editor-font-family); }
    table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-variant-numeric: tabular-nums; }
    td, th { padding: 1px 10px 1px 0; text-align: right; }
    th { color: var(--vscode-descriptionForeground); font-weight: normal; }
    button.link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); cursor: pointer; font: inherit; }
    .hint { color: var(--vscode-descriptionForeground); }
    .columns { display: flex; flex-wrap: wrap; gap: 2rem; }
    td.context { text-align: left; white-space: pre; }
    /* --a: the latent's activation on the token over the latent's max, 0 to 1 (see updated()). */
    .token { padding: 0 1px; margin-right: 0.3em; border-radius: 2px; background: color-mix(in srgb, var(--vscode-editor-findMatchHighlightBackground, #ea5c00) calc(var(--a) * 100%), transparent); }
    .token.focus { outline: 1px solid var(--vscode-focusBorder); }
  `;

  override render() {
    const d = this.detail;
    if (!d) return html`<p class="hint">Select a latent in the table.</p>`;
    return html`
      <h2>Latent ${d.index}</h2>
      <dl>
        <dt>Decoder norm</dt><dd>${formatValue(d.decoderNorm)}</dd>
        <dt>Density</dt><dd>${formatValue(d.density)}</dd>
        <dt>Encoder bias</dt><dd>${formatValue(d.encoderBias)}</dd>
      </dl>
      <div class="columns">
        <div>
          <h3>Top decoder dimensions</h3>
          <table>
            <thead><tr><th>dim</th><th>weight</th></tr></thead>
            <tbody>${d.topDims.map((t) => html`<tr><td>${t.dim}</td><td>${formatValue(t.weight)}</td></tr>`)}</tbody>
          </table>
        </div>
        <div>
          <h3>Nearest latents (decoder cosine)</h3>
          <table>
            <thead><tr><th>latent</th><th>cosine</th></tr></thead>
            <tbody>
              ${d.neighbours.map(
                (n) => html`<tr>
                  <td><button class="link" @click=${() => this.dispatchEvent(new CustomEvent('select', { detail: n.latent }))}>${n.latent}</button></td>
                  <td>${formatValue(n.cosine, 3)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
      ${this.renderActivations(d)}
    `;
  }

  override updated(): void {
    // The CSP refuses style attributes, and styleMap writes one on first render, so shades are set through CSSOM.
    this.renderRoot.querySelectorAll<HTMLElement>('.token[data-shade]').forEach((token) => token.style.setProperty('--a', token.dataset.shade ?? '0'));
  }

  /** Tokens around a top example, each shaded by the latent's activation on it; the example's own token outlined. */
  private renderContext(c: TokenContext, max: number) {
    return c.tokens.map(
      (token, i) => html`<span
        class=${i === c.focus ? 'token focus' : 'token'}
        data-shade=${max > 0 ? Math.max(0, Math.min(1, c.values[i] / max)) : 0}
        title=${formatValue(c.values[i])}
      >${token}</span>`,
    );
  }

  private renderActivations(d: LatentDetail) {
    const a = d.activations;
    if (!a) return html`<p class="hint">${this.attached ? '' : 'Attach data to see this latent’s activations and top examples.'}</p>`;
    return html`
      <h3>Activations on attached data: fired on ${a.fired} of ${a.rows} rows, max ${formatValue(a.max)}</h3>
      <div class="columns">
        ${a.histogram.counts.length > 0
          ? html`<saescope-chart
              name=${`latent-${d.index}-activations`}
              .spec=${{ kind: 'bars', edges: a.histogram.edges, counts: a.histogram.counts, xLabel: 'activation (nonzero)', logY: true }}
            ></saescope-chart>`
          : nothing}
        <div>
          <h3>Top-activating rows</h3>
          <table>
            <thead><tr><th>row</th><th>activation</th>${a.examples.some((e) => e.context) ? html`<th class="context">in context</th>` : nothing}</tr></thead>
            <tbody>
              ${a.examples.map(
                (e) => html`<tr>
                  <td>${e.row}</td><td>${formatValue(e.value)}</td>${e.context ? html`<td class="context">${this.renderContext(e.context, a.max)}</td>` : nothing}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
    `;
  }
}

customElements.define('saescope-latent-page', LatentPageView);

declare global {
  interface HTMLElementTagNameMap {
    'saescope-latent-page': LatentPageView;
  }
}
