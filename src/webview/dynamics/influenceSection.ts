/** Influence trajectories: the correlation of each chosen pair against step, with sign flips, peaks and stage boundaries. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { InfluenceView } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { allPairsSpec, lossCurveSpec, trajectorySpec } from './dynamicsCharts';
import { num } from './format';

const READING =
  'At each checkpoint w*_t the local posterior p(w) ∝ exp(−nβ·L_n(w) − (γ/2)‖w − w*_t‖²) is sampled by SGLD; corr(i, j) is the Pearson correlation of the two items’ losses over the draws. BIF = −Cov(ℓ_i, ℓ_j): corr > 0 means upweighting i lowers ℓ_j (helpful), corr < 0 harmful.';

export function influenceSection(t: InfluenceView) {
  const boundaries = t.stages.boundaries;
  const s = t.sampler;
  return html`
    <p class="muted" title=${READING}>
      ${t.run} (${t.preset}): ${t.checkpoints.length} checkpoints; SGLD ε ${s.epsilon}, γ ${s.localization}, nβ ${s.nbeta}, ${s.chains} chains × ${s.draws} draws after ${s.burnIn}, seed ${s.seed}.
      corr &gt; 0: helpful, &lt; 0: harmful (|corr| &lt; 0.05 neutral). Stage boundaries (${t.stages.source === 'given' ? 'given' : 'loss-drop score of the loss curve'}): ${boundaries.join(', ') || 'none'}.
    </p>
    <table class="pairs">
      <thead><tr><th>pair</th><th title="first checkpoint of the new sign">sign flips</th><th title="largest |corr| of a run of one sign, if ≥ 0.1">peaks</th><th title="start of the run holding the most harmful peak">harmful onset</th><th title="checkpoints where |corr| and |proxy| ≥ 0.15 and their signs agree">agrees with proxy</th></tr></thead>
      <tbody>
        ${t.pairs.map(
          (p) => html`<tr>
            <td>${p.pair}</td>
            <td class="flips">${p.marks.flips.map((f) => `${f.step} → ${f.to}`).join(', ') || 'none'}</td>
            <td class="peaks">${p.marks.peaks.map((pk) => `${pk.step} (${num(pk.correlation, 2)})`).join(', ') || 'none'}</td>
            <td class="number onset">${p.marks.harmfulOnset ?? '—'}</td>
            <td class="number">${p.proxyAgreement ? `${p.proxyAgreement.agreeing}/${p.proxyAgreement.compared}` : '—'}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <div class="charts">
      <figure>
        <figcaption>Loss curve with the stage boundaries</figcaption>
        <saescope-chart name="influence-loss-curve" .spec=${lossCurveSpec(t.curve, boundaries)}></saescope-chart>
      </figure>
      <figure>
        <figcaption>Every pair's correlation</figcaption>
        <saescope-chart name="influence-all-pairs" .spec=${allPairsSpec(t.pairs, boundaries)}></saescope-chart>
      </figure>
      ${t.pairs.map(
        (p) => html`<figure class="trajectory">
          <figcaption>${p.pair}: flips and peaks marked</figcaption>
          <saescope-chart name=${`influence-${p.source}-${p.target}`} .spec=${trajectorySpec(p, boundaries)}></saescope-chart>
        </figure>`,
      )}
    </div>
    <p><saescope-export-data name="influence-trajectories" .content=${() => influenceExport(t)}></saescope-export-data></p>
  `;
}

export function influenceExport(t: InfluenceView): ExportContent {
  return {
    table: {
      columns: ['pair', 'step', 'correlation', 'bif', 'proxy_correlation', 'sign'],
      rows: t.pairs.flatMap((p) => p.steps.map((step, k) => [p.pair, step, p.correlation[k], p.bif[k], p.proxyCorrelation?.[k] ?? null, p.marks.signs[k] ?? null])),
    },
    json: t,
  };
}
