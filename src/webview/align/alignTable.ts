/** The score tables: every comparison × metric as mean ± SEM over folds, the change after disentanglement beneath. */
import { html } from 'lit';
import { ALIGN_METRICS, type AlignComparison, type AlignDirection, type AlignMetric, type AlignOutcome, type AlignScoreView } from '../../shared/protocol';

export const METRIC_NAMES: Record<AlignMetric, string> = { semi: 'semi-matching', soft: 'soft-matching', ridge: 'ridge predictivity' };

/** What each comparison puts on each side, in the words of the paper's bar charts. */
const COMPARISON_NOTES: Record<AlignComparison, string> = {
  'N→N': 'raw units → raw units (the baseline)',
  'SAE→N': 'SAE latents → raw units',
  'SAE→SAE': 'SAE latents → SAE latents (after disentanglement)',
  'RandSAE→SAE': 'an untrained SAE’s latents → SAE latents (the control)',
};

const signed = (v: number, digits: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;

export function scoreText(s: AlignScoreView): string {
  return `${s.mean.toFixed(3)} ± ${s.sem.toFixed(3)}`;
}

function cellTitle(metric: AlignMetric, s: AlignScoreView, formula: string): string {
  const alphas = s.alphas ? `\nα per fold: ${s.alphas.map((a) => a.toExponential(0)).join(', ')}` : '';
  return `${METRIC_NAMES[metric]} = ${formula}\nfolds: ${s.folds.map((f) => f.toFixed(3)).join(', ')} (mean ± SEM = sd/√${s.folds.length})\nunits after dead-unit removal: ${s.sourceUnits} → ${s.targetUnits}${alphas}`;
}

export function directionTable(d: AlignDirection, outcome: AlignOutcome) {
  const formulas = outcome.protocol.formulas;
  const [from, to] = d.direction === 'A→B' ? ['A', 'B'] : ['B', 'A'];
  return html`
    <h2>${d.direction}: how well ${from}’s units predict ${to}’s</h2>
    <table class="scores" data-direction=${d.direction}>
      <thead>
        <tr>
          <th>comparison</th>
          <th>source → target</th>
          ${ALIGN_METRICS.map((m) => html`<th class="metric" title=${`${METRIC_NAMES[m]} = ${formulas[m]}`}>${METRIC_NAMES[m]}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${d.table.map(
          (row) => html`
            <tr class=${row.comparison === 'N→N' || row.comparison === 'SAE→SAE' ? 'key' : ''} data-comparison=${row.comparison}>
              <td title=${COMPARISON_NOTES[row.comparison]}>${row.comparison}</td>
              <td class="muted">${row.source} → ${row.target}</td>
              ${ALIGN_METRICS.map((m) => html`<td class="number score" data-metric=${m} title=${cellTitle(m, row[m], formulas[m])}>${scoreText(row[m])}</td>`)}
            </tr>
          `,
        )}
        <tr class="change">
          <td title="the change after disentanglement: SAE→SAE minus N→N, and the paper's % change (SAE→SAE / N→N − 1)">SAE→SAE − N→N</td>
          <td class="muted">change after disentanglement</td>
          ${ALIGN_METRICS.map((m) => {
            const c = d.change[m];
            const relative = c.relative === null ? '' : ` (${signed(100 * c.relative, 0)}%)`;
            return html`<td class="number delta ${c.difference > 0 ? 'gain' : c.difference < 0 ? 'loss' : ''}" data-metric=${m}
              title=${`${METRIC_NAMES[m]}: SAE→SAE − N→N = ${signed(c.difference, 4)}; SAE→SAE / N→N − 1 = ${c.relative === null ? 'undefined (N→N is 0)' : signed(c.relative, 4)}`}
              >${signed(c.difference, 3)}${relative}</td>`;
          })}
        </tr>
      </tbody>
    </table>
  `;
}
