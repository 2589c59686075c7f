import assert from 'node:assert/strict';
import { runSingleLatentToy, type SingleLatentResult } from '../../../../src/engine/diagnostics/hedging/singleLatent';

/**
 * Trained single-latent SAEs (T6, ±0.05). Independent and hierarchical targets are the spec's. For the correlated and
 * anti-correlated toys the targets are the exact population optimum of the same SAE (the expected loss over the four
 * firing patterns, minimised with scipy's Nelder–Mead from 20 starts): +0.2215 (b_dec·f₁ 0.065) and −0.2235
 * (b_dec·f₁ 0.258). The spec's [repro] +0.13 and −0.11 do not reproduce; its anti-correlated −0.11 and b_dec·f₁ 0.195
 * are the optimum at λ₁ = 0.1, not at the notebook's 2e-2. 8000 steps reach the optimum within 0.01 (24,414 is the
 * job's default).
 */
describe('hedging: single-latent toys, trained (T6, 8000 steps × 500)', () => {
  const results: Record<string, SingleLatentResult> = {};
  before(async () => {
    for (const variant of ['independent', 'hierarchical', 'correlated', 'anticorrelated']) {
      results[variant] = await runSingleLatentToy({ toy: `toy:hedging-${variant}`, steps: 8000 });
    }
  });
  const near = (value: number, target: number, what: string, tolerance = 0.05) =>
    assert.ok(Math.abs(value - target) <= tolerance, `${what}: ${value.toFixed(4)}, expected ${target} ± ${tolerance}`);

  it('independent: the latent is the parent exactly; b_dec learns P(child)·f₁', () => {
    const r = results.independent.trained;
    near(r.decoder.child, 0, 'decoder cos(child)');
    near(r.decoder.parent, 1, 'decoder cos(parent)', 0.01);
    near(r.bDec.child, 0.2, 'b_dec·f₁');
  });

  it('hierarchical: the decoder hedges +0.25, near the analytic θ* (cos child 0.2297)', () => {
    const r = results.hierarchical;
    near(r.trained.decoder.child, 0.25, 'decoder cos(child)');
    near(r.trained.decoder.parent, 0.969, 'decoder cos(parent)');
    near(r.trained.decoder.child, r.analytic.cosChild, 'decoder vs analytic');
    assert.ok(Math.abs(r.analytic.cosChild - 0.2297) < 1e-4);
  });

  it('correlated: a positive child component; anti-correlated: a negative one, with b_dec holding the child', () => {
    near(results.correlated.trained.decoder.child, 0.2215, 'correlated decoder cos(child)');
    near(results.correlated.trained.bDec.child, 0.065, 'correlated b_dec·f₁');
    near(results.anticorrelated.trained.decoder.child, -0.2235, 'anti-correlated decoder cos(child)');
    near(results.anticorrelated.trained.bDec.child, 0.258, 'anti-correlated b_dec·f₁');
    assert.equal(results.anticorrelated.l1, 2e-2);
    // Inputs span only the f₀–f₁ plane, so the encoder is compared inside it; hedging moves it with the decoder.
    near(results.correlated.trained.encoder.child, results.correlated.trained.decoder.child, 'correlated encoder vs decoder');
  });

  it('names the world and reports the firing probabilities it is judged by', () => {
    const r = results.hierarchical;
    assert.equal(r.toy, 'toy:hedging-hierarchical');
    assert.ok(Math.abs(r.firing.parentOnly - 0.2) < 1e-12 && Math.abs(r.firing.both - 0.05) < 1e-12);
    assert.equal(r.steps, 8000);
    assert.equal(r.cancelled, false);
  });

  it('refuses a world that is not a single-latent toy', async () => {
    await assert.rejects(runSingleLatentToy({ toy: 'toy:small' }), /toy:hedging-independent \| /);
  });
});
