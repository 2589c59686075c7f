/** The balanced-Matryoshka γ sweep: absorption against hedging of the parent latents, and the balance point. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { BalanceSweepView } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { fixed } from './format';
import { gammaSpec } from './hedgingCharts';

/** `partial`: the sweep is still running or was cancelled, so the balance point is only among the runs so far. */
export function gammaSection(sweep: BalanceSweepView, partial: boolean) {
  const cosines = (side: { parent: number; children: number[] }) => `${fixed(side.parent)} | ${side.children.map((c) => fixed(c)).join(' ')}`;
  return html`
    <h2>Balanced Matryoshka γ sweep</h2>
    <p class="muted">
      ${sweep.toy}: one latent per feature started at the truth (latents [${sweep.order.join(', ')}]), Matryoshka levels of width [${sweep.widths.join(', ')}]
      weighted β = (γ, 1); L1 λ ${sweep.l1}, ${sweep.steps} steps × ${sweep.batch}, lr ${sweep.lr}. The detached run stops the outer loss from moving the inner
      latents (β → ∞). Absorption = −min(0, min_j cos(W_enc[:,parent], f_child_j)); hedging = max(0, max_j cos(W_dec[parent,:], f_child_j)); mixing =
      the largest |cos| of either with a child. The balance point is the γ whose parent latents mix least.
    </p>
    ${sweep.balance
      ? html`<p class="headline">
          balance point${partial ? ' so far' : ''} γ = <span class="balance">${sweep.balance.gamma}</span>
          <span class="muted">(mixing ${fixed(sweep.balance.mixing)}${partial ? `, among the ${sweep.runs.filter((r) => r.gamma !== null).length} γ runs that finished` : ''})</span>
        </p>`
      : html`<p class="muted">No γ run finished, so no balance point.</p>`}
    <figure>
      <figcaption>parent latents against γ</figcaption>
      <saescope-chart name="hedging-gamma-sweep" .width=${520} .height=${260} .spec=${gammaSpec(sweep)}></saescope-chart>
    </figure>
    <table>
      <thead>
        <tr><th>run</th><th>β</th><th>latent</th><th title="cos(W_dec[latent,:], f): parent | children">decoder cos</th><th title="cos(W_enc[:,latent], f): parent | children">encoder cos</th><th>absorption</th><th>hedging</th><th>mixing</th></tr>
      </thead>
      <tbody>
        ${sweep.runs.flatMap((run) =>
          run.parents.map(
            (p) => html`<tr class=${run.gamma !== null && run.gamma === sweep.balance?.gamma ? 'chosen' : ''}>
              <td>${run.label}</td><td class="number">${run.gamma === null ? 'detached' : run.weights.join(', ')}</td><td class="number">${p.latent}</td>
              <td class="number">${cosines(p.decoder)}</td><td class="number">${cosines(p.encoder)}</td>
              <td class="number">${fixed(p.absorption)}</td><td class="number">${fixed(p.hedging)}</td><td class="number">${fixed(p.mixing)}</td>
            </tr>`,
          ),
        )}
      </tbody>
    </table>
    <p><saescope-export-data name="hedging-gamma-sweep" .content=${() => gammaExport(sweep)}></saescope-export-data></p>
  `;
}

export function gammaExport(sweep: BalanceSweepView): ExportContent {
  return {
    table: {
      columns: ['run', 'gamma', 'latent', 'feature', 'decoder_cos_parent', 'decoder_cos_children', 'encoder_cos_parent', 'encoder_cos_children', 'absorption', 'hedging', 'mixing'],
      rows: sweep.runs.flatMap((run) =>
        run.parents.map((p) => [
          run.label, run.gamma, p.latent, p.feature, p.decoder.parent, p.decoder.children.join(' '), p.encoder.parent, p.encoder.children.join(' '), p.absorption, p.hedging, p.mixing,
        ]),
      ),
    },
    json: sweep,
  };
}
