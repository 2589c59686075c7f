import assert from 'node:assert/strict';
import { familyLlc } from '../../../../src/engine/diagnostics/slt/familyLlc';

// dynamics-methods §6 target 3 at the spec's settings: M = N = 6, H = r, n = 500 noise-free, full-batch Adam
// 1e-2 × 20 000 steps, then SGLD ε = 1e-3, γ = 1, nβ = n/ln n, 4 chains × 3 000 draws after 1 000 burn-in.
describe('LLC target 3: reduced-rank regression against Aoyagi & Watanabe', () => {
  for (const rank of [1, 2, 3, 4, 6]) {
    it(`r = ${rank}: λ̂ within 8% of r(12 − r)/2 = ${(rank * (12 - rank)) / 2}`, async () => {
      const r = await familyLlc({ model: 'rrr', overrides: { rank, hidden: rank }, seed: 0, sgld: { batch: 500, epsilon: 1e-3, localization: 1, chains: 4, draws: 3000, burnIn: 1000 } });
      const theory = (rank * (12 - rank)) / 2;
      assert.equal(r.theory.lambda, theory);
      assert.ok(r.fit.loss < 1e-5, `the fit reaches the realisable optimum: L_n(w*) = ${r.fit.loss}`);
      assert.ok(Math.abs(r.estimate.llc.mean / theory - 1) <= 0.08, `λ̂ ${r.estimate.llc.mean.toFixed(3)} vs ${theory}`);
    });
  }
});
