/** The hedging degree of an SAE: h with its formula, p against the distribution of random baselines, and the runs behind it. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { HedgingDegreeOutcome } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { fixed } from './format';
import { baselineSpec } from './hedgingCharts';

export function degreeSection(d: HedgingDegreeOutcome) {
  const rows: [string, string, string][] = [
    ['p', fixed(d.portion, 4), 'mean_i ‖QQᵀΔ_i‖ / mean_i ‖W_dec^ctrl_i‖: how much of each original latent’s change lies in the new latents’ span'],
    ['b', `${fixed(d.baseline, 4)} ± ${fixed(d.baselineStd, 4)}`, `the same for N random Gaussian rows, mean ± std over ${d.baselines} draws (≈ √(N/d)·mean‖Δ_i‖)`],
    ['mean ‖Δ_i‖', fixed(d.deltaNorm, 4), 'Δ_i = W_dec^ext[i] − W_dec^ctrl[i], decoder rows at unit norm'],
    ['mean cos(extended, control)', fixed(d.meanCosine, 4), 'mean_i cos(W_dec^ext[i], W_dec^ctrl[i])'],
    ['rank of the new rows', String(d.rank), 'dimension of span(W_dec^ext[w..w+N)) (Gram–Schmidt with rank truncation)'],
    ['new latents firing', `${d.newLatentsFiring} of ${d.newLatents}`, 'new latents that fired at the end of the extended run'],
  ];
  return html`
    <h2>Hedging degree</h2>
    <p class="muted">${d.sae} on ${d.data}: width ${d.width} + ${d.newLatents} new latents, continued as ${d.architecture}${d.k !== null ? ` (k ${d.k})` : d.l1 !== null ? ` (λ ${d.l1})` : ''}, ${d.steps} steps × ${d.batch}, lr ${d.lr}.</p>
    <p class="headline">h = <span class="degree">${fixed(d.degree, 4)}</span></p>
    <p class="muted formula">${d.formula}</p>
    ${d.newLatentsFiring === 0
      ? html`<p class="error">No new latent fired: h means nothing yet. Train longer (TopK-family new latents wait for AuxK after 1000 dead steps).</p>`
      : ''}
    <table class="summary">
      <tbody>
        ${rows.map(([label, value, formula]) => html`<tr title=${formula}><td>${label}</td><td class="number">${value}</td></tr>`)}
        ${d.control ? html`<tr title="last progress report of the control run"><td>control L0 · EV</td><td class="number">${fixed(d.control.l0, 2)} · ${fixed(d.control.explainedVariance, 4)}</td></tr>` : ''}
        ${d.extended ? html`<tr title="last progress report of the extended run"><td>extended L0 · EV</td><td class="number">${fixed(d.extended.l0, 2)} · ${fixed(d.extended.explainedVariance, 4)}</td></tr>` : ''}
      </tbody>
    </table>
    <p>
      <saescope-export-data name="hedging-degree" .content=${() => degreeExport(d)}></saescope-export-data>
      <saescope-export-data name="hedging-degree-baselines" label="Export draws" .formats=${['csv']} .content=${() => baselinesExport(d)}></saescope-export-data>
    </p>
    <figure>
      <figcaption>p against the portions of ${d.baselines} random N-dimensional spans (their mean is b)</figcaption>
      <saescope-chart name="hedging-degree-baselines" .spec=${baselineSpec(d)}></saescope-chart>
    </figure>
  `;
}

export function degreeExport(d: HedgingDegreeOutcome): ExportContent {
  const values: [string, number][] = [
    ['degree', d.degree], ['portion', d.portion], ['baseline', d.baseline], ['baseline_std', d.baselineStd], ['delta_norm', d.deltaNorm],
    ['delta_projection', d.deltaProjection], ['control_norm', d.controlNorm], ['mean_cosine', d.meanCosine], ['rank', d.rank],
    ['width', d.width], ['new_latents', d.newLatents], ['new_latents_firing', d.newLatentsFiring], ['steps', d.steps], ['batch', d.batch],
  ];
  return { table: { columns: ['metric', 'value'], rows: values }, json: d };
}

function baselinesExport(d: HedgingDegreeOutcome): ExportContent {
  return { table: { columns: ['draw', 'portion'], rows: d.baselineSamples.map((s, i) => [i, s]) } };
}
