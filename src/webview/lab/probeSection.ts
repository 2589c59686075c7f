/** Truth probes: held-out AUC and accuracy of both probes, raw and normalised; the truth toy per position. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { ProbePair, ProbeScores, ProbeView, TruthPositionView } from '../../shared/protocol';
import '../shared/exportButtons';
import { fixed, folded } from './format';

export const PROBE_FORMULAS = {
  logistic: 'logistic regression on standardised features: mean log-loss + (λ/2)‖w‖², λ = 1/n_train, by Newton’s method',
  meanDifference: 'w = μ₁ − μ₀ of the training rows on the raw features; accuracy at the midpoint w·(μ₁ + μ₀)/2',
  auc: 'held-out AUC: the rank statistic (ties averaged), mean ± std over stratified folds',
  accuracy: 'held-out share of rows on the right side of the threshold, mean ± std over folds',
  normRatio: 'mean ‖v_t‖ (the residual before normalisation) in true over false samples',
  pNext: 'mean probability the model gives the token that follows, in true and in false samples',
  attribute: 'mean P(g(subject)), the true attribute, in true and in false samples, beside its Bayes value (spec §4.1)',
};

function scoreRows(name: string, pair: ProbePair) {
  return html`
    <tr>
      <td>${name}</td><td title=${PROBE_FORMULAS.logistic}>logistic</td>
      <td class="number auc" title=${PROBE_FORMULAS.auc}>${folded(pair.logistic.auc)}</td><td class="number" title=${PROBE_FORMULAS.accuracy}>${folded(pair.logistic.accuracy)}</td>
    </tr>
    <tr>
      <td>${name}</td><td title=${PROBE_FORMULAS.meanDifference}>mean difference</td>
      <td class="number auc" title=${PROBE_FORMULAS.auc}>${folded(pair.meanDifference.auc)}</td><td class="number" title=${PROBE_FORMULAS.accuracy}>${folded(pair.meanDifference.accuracy)}</td>
    </tr>
  `;
}

function scoresTable(p: ProbeScores) {
  return html`
    <table class="probes">
      <thead><tr><th>features</th><th>probe</th><th title=${PROBE_FORMULAS.auc}>AUC</th><th title=${PROBE_FORMULAS.accuracy}>accuracy</th></tr></thead>
      <tbody>${scoreRows('raw', p.raw)}${scoreRows('normalised', p.normalised)}</tbody>
    </table>
    <p class="muted">Normalised: ${p.normalisation}. ${p.folds} stratified folds.</p>
  `;
}

export function probeSection(probe: ProbeView) {
  if (probe.kind === 'file') {
    return html`
      <p class="muted">${probe.activations}${probe.layer ? ` [${probe.layer}]` : ''}: ${probe.rows} rows × ${probe.d}, ${probe.positives} positive (labels ${probe.labels}).</p>
      ${scoresTable(probe)}
      <p class="muted">A probe that succeeds only on the normalised rows reads a direction that exists after the network's normalisation.</p>
      <p><saescope-export-data name="lab-probes" .content=${() => probeExport(probe)}></saescope-export-data></p>
    `;
  }
  return html`
    <p class="muted">${probe.preset}: ${probe.steps} steps; memorize-only P(g(x')) = ${fixed(probe.memorizeOnly, 4)}. Probes on the residual v_t at each position, raw and normalised as the model normalises it.</p>
    <table class="positions">
      <thead>
        <tr>
          <th>position</th><th title=${PROBE_FORMULAS.pNext}>P(next) true / false</th><th title=${PROBE_FORMULAS.attribute}>P(g) true / false</th>
          <th title=${PROBE_FORMULAS.attribute}>Bayes true / false</th><th title=${PROBE_FORMULAS.normRatio}>‖v‖ true/false</th>
          <th title=${`${PROBE_FORMULAS.logistic}; ${PROBE_FORMULAS.auc}`}>logistic AUC raw</th><th title=${`${PROBE_FORMULAS.logistic}; ${PROBE_FORMULAS.auc}`}>logistic AUC normalised</th>
        </tr>
      </thead>
      <tbody>${probe.positions.map(positionRow)}</tbody>
    </table>
    ${probe.positions.map((p) => html`<h3>at ${p.position} (predicting ${p.predicts})</h3>${scoresTable(p.probes)}`)}
    <p><saescope-export-data name="lab-truth-probes" .content=${() => probeExport(probe)}></saescope-export-data></p>
  `;
}

function positionRow(p: TruthPositionView) {
  const a = p.attribute;
  return html`<tr>
    <td>${p.position} → ${p.predicts}</td>
    <td class="number" title=${PROBE_FORMULAS.pNext}>${fixed(p.pNextTrue)} / ${fixed(p.pNextFalse)}</td>
    <td class="number" title=${PROBE_FORMULAS.attribute}>${a ? `${fixed(a.pTrue)} / ${fixed(a.pFalse)}` : '—'}</td>
    <td class="number" title=${PROBE_FORMULAS.attribute}>${a ? `${fixed(a.bayesTrue)} / ${fixed(a.bayesFalse)}` : '—'}</td>
    <td class="number" title=${PROBE_FORMULAS.normRatio}>${fixed(p.normRatio)}</td>
    <td class="number auc-raw">${fixed(p.probes.raw.logistic.auc.mean)}</td><td class="number auc-normalised">${fixed(p.probes.normalised.logistic.auc.mean)}</td>
  </tr>`;
}

const SCORE_COLUMNS = ['features', 'probe', 'auc_mean', 'auc_std', 'accuracy_mean', 'accuracy_std'];

function scoreTableRows(p: ProbeScores, prefix: (string | null)[] = []) {
  return (['raw', 'normalised'] as const).flatMap((features) =>
    (['logistic', 'meanDifference'] as const).map((probe) => {
      const s = p[features][probe];
      return [...prefix, features, probe, s.auc.mean, s.auc.std, s.accuracy.mean, s.accuracy.std];
    }),
  );
}

/** One row per features × probe (and position for the truth toy); the JSON is the whole result. */
export function probeExport(probe: ProbeView): ExportContent {
  if (probe.kind === 'file') return { table: { columns: SCORE_COLUMNS, rows: scoreTableRows(probe) }, json: probe };
  return {
    table: { columns: ['position', ...SCORE_COLUMNS], rows: probe.positions.flatMap((p) => scoreTableRows(p.probes, [p.position])) },
    json: probe,
  };
}
