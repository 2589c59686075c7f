/** LLC results: one estimate of a regression family, or λ̂ across a toy run's checkpoints beside its loss curve and stages. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { CheckpointLlcView, FamilyLlcView, LlcTraceView, RunLlcView, SamplerView } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { chainTracesSpec, llcByStepSpec, lossCurveSpec, meanTraceSpec } from './dynamicsCharts';
import { llcText, num } from './format';
import { healthBadges, healthSection } from './healthBadges';

const ESTIMATOR = 'λ̂ = nβ·(E_w[L(w)] − L(w*)) over SGLD draws from the localised tempered posterior p(w) ∝ exp(−nβ·L_n(w) − (γ/2)‖w − w*‖²); per chain λ̂_c, reported as mean ± std over chains.';

function samplerLine(s: SamplerView, extra = '') {
  return html`<p class="muted sampler">SGLD: ε ${s.epsilon}, γ ${s.localization}, nβ ${num(s.nbeta)}, batch ${s.batch}, ${s.chains} chains × ${s.draws} draws after ${s.burnIn} burn-in, seed ${s.seed}${extra}</p>`;
}

function traceCharts(trace: LlcTraceView, llc: number, theory: number | null, name: string) {
  return html`<div class="charts">
    <figure>
      <figcaption>Per-chain traces nβ·(L_t − L(w*)): each should rise from 0 and level off around λ̂</figcaption>
      <saescope-chart name=${`${name}-chains`} .spec=${chainTracesSpec(trace)}></saescope-chart>
    </figure>
    <figure>
      <figcaption>Mean ± std over chains</figcaption>
      <saescope-chart name=${`${name}-mean`} .spec=${meanTraceSpec(trace, llc, theory)}></saescope-chart>
    </figure>
  </div>`;
}

export function familySection(f: FamilyLlcView) {
  const e = f.estimate;
  return html`
    <p class="headline" title=${ESTIMATOR}>λ̂ = <span class="llc">${num(e.llc.mean)}</span> ± ${num(e.llc.std)}
      <span class="muted">(mean ± std over ${e.sampler.chains} chains)</span></p>
    <table class="facts">
      <tr><th>theory</th><td class="number theory">${f.theory.lambda === null ? '—' : num(f.theory.lambda)}</td><td class="muted">${f.theory.assumption}</td></tr>
      ${f.theory.quadratic === null ? '' : html`<tr><th title="½Σ 2nβa_k/(2nβa_k + γ), a_k the eigenvalues of the design's Gram matrix / n">localised quadratic</th><td class="number">${num(f.theory.quadratic)}</td><td class="muted">the value λ̂ tends to as ε → 0 at this nβ and γ</td></tr>`}
      <tr><th>per chain</th><td colspan="2">${e.llc.perChain.map((v) => (v === null ? 'diverged' : num(v))).join(', ')}</td></tr>
      <tr><th>data</th><td colspan="2">${f.data.source}: n = ${f.data.rows}, ${f.data.inputDim} → ${f.data.outputDim}; d = ${e.parameterCount} parameters</td></tr>
      <tr><th>w*</th><td colspan="2">${f.fit.method}, L_n(w*) = ${num(f.fit.loss, 6)}; L(w*) as the estimator takes it ${num(e.initLoss, 6)}</td></tr>
    </table>
    ${samplerLine(e.sampler)}
    <h2>Health checks</h2>
    ${healthSection(e.health)}
    ${traceCharts(e.health.trace, e.llc.mean, f.theory.lambda, `llc-${f.model}`)}
    <p><saescope-export-data name=${`llc-${f.model}`} .content=${() => familyExport(f)}></saescope-export-data></p>
  `;
}

export function familyExport(f: FamilyLlcView): ExportContent {
  const t = f.estimate.health.trace;
  return {
    table: {
      columns: ['draw', 'mean', 'std', ...t.perChain.map((_, c) => `chain_${c}`)],
      rows: t.draws.map((d, i) => [d, t.mean[i], t.std[i], ...t.perChain.map((c) => c[i])]),
    },
    json: f,
  };
}

/** λ̂ across checkpoints; `live` while the job runs (no curve yet), `selected` the checkpoint whose traces are drawn. */
export function runSection(checkpoints: readonly CheckpointLlcView[], run: RunLlcView | null, selected: number | null) {
  const boundaries = run ? run.stages.boundaries.map((b) => b.step) : [];
  const chosen = checkpoints[selected ?? checkpoints.length - 1];
  return html`
    ${run
      ? html`<p class="muted">${run.run}: ${run.preset}, n = ${run.n}. Stages of '${run.curve.key}' by the loss-drop score (window ${run.stages.window}, threshold
          ${num(run.stages.threshold)} = ${run.stages.fraction}·(L[0] − min L)): ${boundaries.length ? `boundaries at steps ${boundaries.join(', ')}` : 'no boundary'}.</p>
          ${samplerLine(run.sampler, ` (${run.sampler.source})`)}`
      : ''}
    <div class="charts">
      ${run
        ? html`<figure>
            <figcaption>Loss curve '${run.curve.key}' with the stage boundaries</figcaption>
            <saescope-chart name="llc-loss-curve" .spec=${lossCurveSpec(run.curve, boundaries)}></saescope-chart>
          </figure>`
        : ''}
      <figure>
        <figcaption>λ̂ at each checkpoint (mean ± std over chains)</figcaption>
        <saescope-chart name="llc-by-step" .spec=${llcByStepSpec(checkpoints, boundaries)}></saescope-chart>
      </figure>
    </div>
    <table class="checkpoints">
      <thead><tr><th>step</th><th title="mean training loss at the checkpoint, over the whole training set">L_n(w*)</th><th title=${ESTIMATOR}>λ̂ ± std</th><th>health</th></tr></thead>
      <tbody>
        ${checkpoints.map(
          (c, i) => html`<tr class=${c === chosen ? 'chosen' : ''} data-index=${i} @click=${(e: Event) => e.target?.dispatchEvent(new CustomEvent('select-checkpoint', { detail: i, bubbles: true, composed: true }))}>
            <td class="number">${c.step}</td>
            <td class="number">${num(c.loss, 5)}</td>
            <td class="number llc">${c.llc ? llcText(c.llc) : html`<span class="error">${c.error}</span>`}</td>
            <td>${c.health ? healthBadges(c.health).map((b) => html`<span class="badge small ${b.level} ${b.check}" title=${`${b.text}. ${b.rule}`}>${b.level === 'pass' ? '✓' : b.level === 'warn' ? '⚠' : 'ℹ'}</span>`) : ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${run ? freeEnergySection(run) : ''}
    ${chosen?.health && chosen.llc
      ? html`<h2>Checkpoint at step ${chosen.step} <span class="muted">(click a row for another)</span></h2>
          ${healthSection(chosen.health)} ${traceCharts(chosen.health.trace, chosen.llc.mean, null, `llc-step-${chosen.step}`)}`
      : ''}
    ${run ? html`<p><saescope-export-data name="llc-checkpoints" .content=${() => runExport(run)}></saescope-export-data></p>` : ''}
  `;
}

function freeEnergySection(run: RunLlcView) {
  const f = run.freeEnergy;
  const g = run.grokking;
  return html`
    ${f.transitions.length
      ? html`<p class="free-energy" title="ΔF = ln n·(λ̄_after − λ̄_before) + n·(L̄_after − L̄_before), each stage summarised by the means over its checkpoints">
          ΔF between stages (${f.sign}, n = ${f.n}): ${f.transitions.map((t) => `${t.from} → ${t.to} at step ${t.step}: ${t.deltaF === null ? 'a stage has no checkpoint' : num(t.deltaF)}`).join('; ')}
        </p>`
      : ''}
    ${g
      ? html`<p class="grokking">Grokking: memorised (100 % train accuracy) ${g.memorised ? `at step ${g.memorised.step}` : 'never'}, generalised ${g.generalised ? `at step ${g.generalised.step}` : 'never'};
          r = ${g.gap ?? '—'} checkpoints${g.reason ? ` (${g.reason})` : ''}; ΔF i → j ${num(g.deltaF)}</p>`
      : ''}
  `;
}

export function runExport(run: RunLlcView): ExportContent {
  return {
    table: {
      columns: ['step', 'loss', 'llc_mean', 'llc_std', 'flattened', 'negative_share', 'diverged_chains', 'warnings'],
      rows: run.checkpoints.map((c) => [
        c.step, c.loss, c.llc?.mean ?? null, c.llc?.std ?? null, c.health?.flattened ?? null, c.health?.negativeShare ?? null,
        c.health?.divergences.length ?? null, (c.error ? [c.error] : c.health?.warnings ?? []).join('; '),
      ]),
    },
    json: run,
  };
}
