import assert from 'node:assert/strict';
import { fitTimeToy } from '../../../../src/engine/diagnostics/scaling/fitTime';

/** dynamics-methods §6 targets 6 and 7 through `saescope fit-time toy:…`'s engine path. */
describe('scaling: the peaked-softmax toy shows the one-third time scaling', () => {
  it('target 6: SGD lr 10, B 128, 5 000 steps at T = 0.001: loss exponent on [500, 5000] ∈ [0.28, 0.42], β grows as t^[0.28, 0.38]', async () => {
    const r = await fitTimeToy('toy:peaked-softmax', { seed: 1 });
    assert.equal(r.config.steps, 5000);
    assert.ok(Math.abs(r.powerLaw.from - 500) < 1 && r.powerLaw.to <= 5000 && r.powerLaw.to > 4800, `window [${r.powerLaw.from}, ${r.powerLaw.to}]`);
    assert.ok(r.powerLaw.alpha >= 0.28 && r.powerLaw.alpha <= 0.42, `α ${r.powerLaw.alpha}`);
    assert.ok(r.betaGrowth && r.betaGrowth.growth >= 0.28 && r.betaGrowth.growth <= 0.38, `β growth ${r.betaGrowth?.growth}`);
    assert.ok(r.powerLawWithFloor !== null && r.localSlopes.length > 20);
  });

  it('target 7: Adam lr 0.03, B 256, 20 000 steps: loss exponent over the last decade ∈ [0.30, 0.45]', async () => {
    const r = await fitTimeToy('toy:peaked-softmax-adam', { seed: 1 });
    assert.equal(r.config.steps, 20000);
    assert.ok(r.powerLaw.alpha >= 0.3 && r.powerLaw.alpha <= 0.45, `α ${r.powerLaw.alpha}`);
  });
});
