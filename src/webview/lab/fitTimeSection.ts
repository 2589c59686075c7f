/** Loss against time: the curve with both fits on log–log axes, the fitted numbers, and the local slopes. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { FitTimeView } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { localSlopeSpec, lossVsTimeSpec } from './labCharts';
import { sig, withError } from './format';

export const FORMULAS = {
  pure: 'L = a·t^−α on the window: ordinary least squares of ln L on ln t over the log-binned points; α ± √(RSS/(n − 2)/Σ(ln t − mean)²)',
  floor: 'L = c·t^−α + L0: nonlinear least squares on ln L with c, α ≥ 0 and 0 ≤ L0 ≤ L_last (Levenberg–Marquardt); ± √diag((JᵀJ)⁻¹·RSS/(n − 3)), as scipy curve_fit',
  local: 'α_loc(t_i) = −(ln L_{i+1} − ln L_{i−1}) / (ln t_{i+1} − ln t_{i−1}) over neighbouring log bins',
  beta: 'β(t) ∝ t^growth: OLS of ln β on ln t over the power law’s window (the student’s inverse temperature; theory 1/3)',
  bins: 'the curve averaged in log bins of 1/perDecade decade (mean of ln t and ln L per bin), so every decade weighs the same',
  rSquared: 'R² = 1 − RSS/Σ(ln L − mean)² of the line in log–log space',
};

export function fitTimeSection(fit: FitTimeView) {
  const p = fit.powerLaw;
  const f = fit.powerLawWithFloor;
  return html`
    <p class="muted">
      ${fit.source}: ${fit.points} points, <span title=${FORMULAS.bins}>${fit.curve.t.length} after log binning (${fit.perDecade}/decade)</span>; t is ${fit.time}.
    </p>
    <p class="headline">
      <span title=${FORMULAS.pure}>power law α = <span class="alpha">${withError(p.alpha, p.alphaStdError)}</span></span>
      <span class="muted">on [${sig(p.from)}, ${sig(p.to)}]</span>
      ${f ? html` · <span title=${FORMULAS.floor}>with a floor α = <span class="floor-alpha">${withError(f.alpha, f.alphaStdError)}</span></span>` : ''}
      ${fit.betaGrowth ? html` · <span title=${FORMULAS.beta}>β ∝ t^<span class="beta">${withError(fit.betaGrowth.growth, fit.betaGrowth.alphaStdError)}</span></span>` : ''}
    </p>
    <div class="charts">
      <figure>
        <figcaption>loss against t (log–log)</figcaption>
        <saescope-chart name="lab-loss-vs-time" .width=${520} .height=${300} .spec=${lossVsTimeSpec(fit)}></saescope-chart>
      </figure>
      <figure>
        <figcaption title=${FORMULAS.local}>local slope α_loc(t)</figcaption>
        <saescope-chart name="lab-local-slope" .width=${420} .height=${300} .spec=${localSlopeSpec(fit)}></saescope-chart>
      </figure>
    </div>
    <table class="fits">
      <thead><tr><th>fit</th><th>window</th><th>points</th><th>α</th><th>other parameters</th><th>quality</th></tr></thead>
      <tbody>
        <tr title=${FORMULAS.pure}>
          <td>a·t^−α</td><td class="number">[${sig(p.from)}, ${sig(p.to)}]</td><td class="number">${p.points}</td>
          <td class="number">${withError(p.alpha, p.alphaStdError, 4)}</td><td class="number">a = ${sig(p.prefactor)}</td>
          <td class="number" title=${FORMULAS.rSquared}>R² ${p.rSquared.toFixed(4)}</td>
        </tr>
        ${f
          ? html`<tr title=${FORMULAS.floor}>
              <td>c·t^−α + L0</td><td class="number">[${sig(f.from)}, ${sig(f.to)}]</td><td class="number">${f.points}</td>
              <td class="number">${withError(f.alpha, f.alphaStdError, 4)}</td>
              <td class="number">c = ${sig(f.c)}${f.cStdError === null ? '' : ` ± ${sig(f.cStdError)}`}, L0 = ${sig(f.l0)}${f.l0StdError === null ? '' : ` ± ${sig(f.l0StdError)}`}</td>
              <td class="number" title="root-mean-square residual of ln L">rms ln-residual ${sig(f.rmsLogResidual, 3)}${f.atBound.length ? html` <span class="muted">(${f.atBound.join(', ')})</span>` : ''}${f.converged ? '' : html` <span class="error">not converged</span>`}</td>
            </tr>`
          : html`<tr><td>c·t^−α + L0</td><td colspan="5" class="muted">fewer than 4 binned points in its window: not fitted</td></tr>`}
      </tbody>
    </table>
    <p class="muted">
      The pure fit's α is the exponent on its window only; compare it with the local slopes, which rise where a floor appears and fall where a
      fast early phase ends. The floored α is the asymptotic exponent if the floor is real; over one decade its error grows quickly.
    </p>
    <p><saescope-export-data name="lab-loss-vs-time" .content=${() => fitTimeExport(fit)}></saescope-export-data></p>
  `;
}

/** The binned curve with the local slope at each point (empty at the two ends), and the whole fit as JSON. */
export function fitTimeExport(fit: FitTimeView): ExportContent {
  const slopeAt = new Map(fit.localSlopes.map((s) => [s.t, s.alpha]));
  return {
    table: { columns: ['t', 'loss', 'local_slope'], rows: fit.curve.t.map((t, i) => [t, fit.curve.loss[i], slopeAt.get(t) ?? null]) },
    json: fit,
  };
}
