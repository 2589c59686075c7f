/** Single-latent toys: the trained latent beside the closed-form optimum θ* = ½·atan(2P₁₂/P₁), as numbers and as vectors. */
import { html } from 'lit';
import type { ExportContent } from '../../shared/dataExport';
import type { SingleLatentToy } from '../../shared/protocol';
import '../shared/chartView';
import '../shared/exportButtons';
import { angleOf, degrees, fixed, toyName } from './format';
import { VECTOR_CHART, vectorSpec } from './hedgingCharts';

export function toysSection(toys: SingleLatentToy[]) {
  return html`
    <h2>Single-latent toys</h2>
    <p class="muted">
      One untied ReLU latent (SAELens standard, L1 weighted by ‖W_dec‖) on a parent f₀ and a child f₁, orthonormal in d = 50, started at f₀ plus noise.
      θ is the latent's angle from f₀ towards f₁. The optimum of a tied, bias-free latent is θ* = ½·atan(2P₁₂/P₁), from E[L](θ) = P₁ sin²θ + P₁₂(1 − sin 2θ)
      with P₁ = P(parent only) and P₁₂ = P(both): θ* > 0 whenever the two co-occur, so hedging lowers the MSE.
    </p>
    <table class="toys">
      <thead>
        <tr>
          <th>toy</th><th title="P(parent only)">P₁</th><th title="P(parent and child)">P₁₂</th><th title="P(child only)">P(child only)</th>
          <th title="½·atan(2P₁₂/P₁)">θ*</th><th title="atan2(cos(W_dec, f₁), cos(W_dec, f₀))">trained θ</th>
          <th title="(cos θ*, sin θ*)">θ* cos f₀ | f₁</th><th title="cos(W_dec[0,:], f)">decoder cos f₀ | f₁</th>
          <th title="cos of the encoder column projected onto span(f₀, f₁)">encoder cos f₀ | f₁</th><th title="⟨b_dec, f₁⟩">b_dec·f₁</th>
          <th>λ₁</th><th>steps × batch</th>
        </tr>
      </thead>
      <tbody>
        ${toys.map(
          (t) => html`<tr>
            <td>${toyName(t.toy)}</td>
            <td class="number">${fixed(t.firing.parentOnly)}</td>
            <td class="number">${fixed(t.firing.both)}</td>
            <td class="number">${fixed(t.firing.childOnly)}</td>
            <td class="number theta-star">${degrees(t.analytic.theta)}</td>
            <td class="number theta-trained">${degrees(angleOf(t.trained.decoder))}</td>
            <td class="number">${fixed(t.analytic.cosParent)} | ${fixed(t.analytic.cosChild)}</td>
            <td class="number">${fixed(t.trained.decoder.parent)} | ${fixed(t.trained.decoder.child)}</td>
            <td class="number">${fixed(t.trained.encoder.parent)} | ${fixed(t.trained.encoder.child)}</td>
            <td class="number">${fixed(t.trained.bDec.child)}</td>
            <td class="number">${t.l1}</td>
            <td class="number">${t.steps} × ${t.batch}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p><saescope-export-data name="hedging-toys" .content=${() => toysExport(toys)}></saescope-export-data></p>
    <div class="charts">
      ${toys.map(
        (t) => html`<figure>
          <figcaption>${toyName(t.toy)}: θ* ${degrees(t.analytic.theta)}, trained ${degrees(angleOf(t.trained.decoder))}</figcaption>
          <saescope-chart name=${`hedging-${toyName(t.toy)}-vectors`} .width=${VECTOR_CHART.width} .height=${VECTOR_CHART.height} .spec=${vectorSpec(t)}></saescope-chart>
        </figure>`,
      )}
    </div>
    <p class="muted">
      The optimum ignores b_dec and child-only inputs, which the trained SAE has: the independent toy's b_dec takes the child's mean (≈ P(child)) instead of
      the latent, and the anti-correlated toy's latent turns away from the child (θ &lt; 0).
    </p>
  `;
}

export function toysExport(toys: SingleLatentToy[]): ExportContent {
  return {
    table: {
      columns: ['toy', 'p_parent_only', 'p_both', 'p_child_only', 'theta_star', 'cos_star_parent', 'cos_star_child', 'theta_decoder', 'decoder_cos_parent', 'decoder_cos_child', 'encoder_cos_parent', 'encoder_cos_child', 'b_dec_parent', 'b_dec_child', 'l1', 'steps', 'batch', 'lr', 'init_noise', 'seed'],
      rows: toys.map((t) => [
        t.toy, t.firing.parentOnly, t.firing.both, t.firing.childOnly, t.analytic.theta, t.analytic.cosParent, t.analytic.cosChild, angleOf(t.trained.decoder),
        t.trained.decoder.parent, t.trained.decoder.child, t.trained.encoder.parent, t.trained.encoder.child, t.trained.bDec.parent, t.trained.bDec.child,
        t.l1, t.steps, t.batch, t.lr, t.initNoise, t.seed,
      ]),
    },
    json: { toys },
  };
}
