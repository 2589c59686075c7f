import assert from 'node:assert/strict';
import { dlnItemLossesWithout } from '../../../../src/engine/diagnostics/influence/dlnRetraining';
import { DEEP_LINEAR_DEFAULTS, trainDeepLinear } from '../../../../src/engine/toys/models/deepLinearPreset';

describe('leave-one-out retraining of the deep linear network', () => {
  const settings = { ...DEEP_LINEAR_DEFAULTS };
  const steps = [0, 300, 600, 900];

  it('with nothing dropped reproduces the dln preset run item by item', async () => {
    const run = await trainDeepLinear('dln', DEEP_LINEAR_DEFAULTS, { seed: 3, steps: 900, overrides: { recordEvery: 300 } });
    const mine = await dlnItemLossesWithout(settings, 3, [], steps);
    steps.forEach((step, k) => {
      const record = run.records.find((r) => r.step === step)!;
      ([['dog', 0], ['cat', 1], ['oak', 4], ['daisy', 7]] as const).forEach(([item, index]) => {
        const want = record[`loss.${item}`];
        const got = mine[k][index];
        assert.ok(Math.abs(got - want) <= 1e-5 * Math.max(1, want), `${item} at ${step}: ${got} vs ${want}`);
      });
    });
  });

  it('dropping an item leaves its own input weights untrained: its loss stays at the start while the others fall', async () => {
    const [start, , , end] = await dlnItemLossesWithout(settings, 3, [0], steps);
    const full = await dlnItemLossesWithout(settings, 3, [], steps);
    // W1 e_dog never moves, so ŷ_dog = W2·(tiny) stays near 0 and ℓ_dog ≈ ½‖y_dog‖² = 2.
    assert.ok(Math.abs(end[0] - start[0]) < 0.05, `dog ${start[0]} → ${end[0]}`);
    assert.ok(full[3][0] < start[0] - 0.5, 'dog is learned when kept');
    assert.ok(end[1] < start[1] - 0.5, 'cat is still learned');
  });

  it('refuses unknown items and unordered steps', async () => {
    await assert.rejects(dlnItemLossesWithout(settings, 0, [8], [0]), /no item 8 among 8/);
    await assert.rejects(dlnItemLossesWithout(settings, 0, [], [10, 5]), /ascending/);
  });
});
