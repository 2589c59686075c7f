/** Loss against width: the final loss per m with the fitted exponent, φ_{1/2}, and the row overlap against 1/m. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { WidthScalingView } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { lossVsWidthSpec, overlapSpec } from './labCharts';
import { fixed, sig, withError } from './format';

export const WIDTH_FORMULAS = {
  exponent: 'L ∝ m^−α_m: ordinary least squares of ln L on ln m over the widths; α_m ± √(RSS/(n − 2)/Σ(ln m − mean)²)',
  loss: 'held-out loss after the last step: mean over samples of Σ_i (y_i − x_i)², y = ReLU(WWᵀx + b)',
  phi: 'φ_{1/2} = #{i : ‖W_i‖ > ½} / n, the fraction of features represented',
  overlap: 'mean (Ŵ_i·Ŵ_j)² over pairs of represented rows (unit-normalised); random directions in R^m give exactly 1/m',
  overlapTimesM: 'mean (Ŵ_i·Ŵ_j)² · m: 1 when the represented rows overlap like random directions',
  norm: 'mean ‖W_i‖ over all n rows',
  unrepresented: '(⟨v²⟩/n)·Σ_{i unrepresented} p_i: the loss the unrepresented features alone cost (the weak regime’s whole loss)',
};

export function widthSection(s: WidthScalingView) {
  const e = s.exponent;
  return html`
    <p class="muted">
      ${s.regime} regime (signed weight decay γ = ${s.weightDecay}), n = ${s.features} features with p_i ∝ i^−${s.alpha}, ${s.steps} steps × ${s.batch} per width, seed ${s.seed}.
    </p>
    <p class="headline">
      ${e
        ? html`<span title=${WIDTH_FORMULAS.exponent}>α_m = <span class="alpha-m">${withError(e.alpha, e.alphaStdError)}</span></span> <span class="muted">(R² ${e.rSquared.toFixed(3)})</span>`
        : html`<span class="muted">fewer than two widths finished: no exponent</span>`}
    </p>
    <p class="muted">Theory: ${s.theory}.</p>
    <div class="charts">
      <figure>
        <figcaption>final loss against width (log–log)</figcaption>
        <saescope-chart name="lab-loss-vs-width" .width=${480} .height=${280} .spec=${lossVsWidthSpec(s)}></saescope-chart>
      </figure>
      <figure>
        <figcaption title=${WIDTH_FORMULAS.overlap}>row overlap against 1/m</figcaption>
        <saescope-chart name="lab-overlap-vs-width" .width=${420} .height=${280} .spec=${overlapSpec(s)}></saescope-chart>
      </figure>
    </div>
    <table class="widths">
      <thead>
        <tr>
          <th>m</th><th title=${WIDTH_FORMULAS.loss}>loss</th><th title=${WIDTH_FORMULAS.phi}>φ_{1/2}</th><th title=${WIDTH_FORMULAS.overlap}>mean overlap²</th>
          <th title=${WIDTH_FORMULAS.overlapTimesM}>overlap²·m</th><th title=${WIDTH_FORMULAS.norm}>mean ‖W_i‖</th><th title=${WIDTH_FORMULAS.unrepresented}>unrepresented loss</th>
        </tr>
      </thead>
      <tbody>
        ${s.widths.map(
          (w) => html`<tr>
            <td class="number">${w.m}</td><td class="number" title=${WIDTH_FORMULAS.loss}>${sig(w.loss)}</td><td class="number phi" title=${WIDTH_FORMULAS.phi}>${fixed(w.fractionRepresented)}</td>
            <td class="number" title=${WIDTH_FORMULAS.overlap}>${w.meanSquaredOverlap === null ? '—' : sig(w.meanSquaredOverlap)}</td>
            <td class="number" title=${WIDTH_FORMULAS.overlapTimesM}>${w.overlapTimesM === null ? '—' : fixed(w.overlapTimesM)}</td>
            <td class="number" title=${WIDTH_FORMULAS.norm}>${fixed(w.meanRowNorm)}</td><td class="number" title=${WIDTH_FORMULAS.unrepresented}>${sig(w.unrepresentedLoss)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p><saescope-export-data name="lab-loss-vs-width" .content=${() => widthExport(s)}></saescope-export-data></p>
  `;
}

export function widthExport(s: WidthScalingView): ExportContent {
  return {
    table: {
      columns: ['m', 'loss', 'fraction_represented', 'mean_squared_overlap', 'overlap_times_m', 'mean_row_norm', 'unrepresented_loss'],
      rows: s.widths.map((w) => [w.m, w.loss, w.fractionRepresented, w.meanSquaredOverlap, w.overlapTimesM, w.meanRowNorm, w.unrepresentedLoss]),
    },
    json: s,
  };
}
