import assert from 'node:assert/strict';
import { logGridPointIn } from '../../../../src/engine/toys/models/logSpacedSteps';
import { modelSeed } from '../../../../src/engine/toys/models/modelRandom';
import { resolvePresetConfig } from '../../../../src/engine/toys/models/presetConfig';
import { resolveTrainConfig, runLength } from '../../../../src/engine/toys/models/trainingLoop';

describe('toy-model training helpers', () => {
  it('resolves overrides onto numeric defaults and refuses unknown, non-numeric or non-finite ones', () => {
    const defaults = { lr: 0.1, steps: 10, optimizer: 'sgd' };
    assert.deepEqual(resolvePresetConfig('p', defaults, { lr: 0.5 }), { lr: 0.5, steps: 10, optimizer: 'sgd' });
    assert.throws(() => resolvePresetConfig('p', defaults, { lrr: 1 }), /p: unknown parameter 'lrr'; parameters: lr, steps, optimizer/);
    assert.throws(() => resolvePresetConfig('p', defaults, { optimizer: 1 }), /not numeric/);
    assert.throws(() => resolvePresetConfig('p', defaults, { lr: NaN }), /finite/);
    assert.deepEqual(resolveTrainConfig('p', defaults, { seed: 3, steps: 7 }), { lr: 0.1, steps: 7, optimizer: 'sgd', seed: 3 });
    assert.throws(() => resolveTrainConfig('p', defaults, { seed: 1, steps: 0 }), /steps/);
    assert.throws(() => resolveTrainConfig('p', defaults, { seed: 1, checkpointEvery: 2.5 }), /checkpointEvery/);
  });

  it('shortens the loop to divide every step count the run must stop at', () => {
    assert.equal(runLength(50, 3000, 100, 10), 10);
    assert.equal(runLength(25, 5000, undefined), 25);
    assert.equal(runLength(25, 1234), 1);
  });

  it('records about perDecade times per decade, and every run where runs are coarser than the grid', () => {
    const recorded = (k: number, steps: number) => Array.from({ length: steps / k }, (_, i) => (i + 1) * k).filter((s) => logGridPointIn(s - k, s, 10));
    const fine = recorded(1, 10000);
    assert.deepEqual(fine.slice(0, 4), [1, 2, 3, 4]);
    assert.equal(fine.filter((s) => s > 1000).length, 10);
    assert.ok(fine.includes(100) && fine.includes(1000) && fine.includes(10000));
    // Grid points 100, 125.9, 158.5, 199.5: the run ending at 125 holds none of them.
    assert.deepEqual(recorded(25, 200), [25, 50, 75, 100, 150, 175, 200]);
  });

  it('gives each purpose its own seed', () => {
    assert.notEqual(modelSeed(1, 'init'), modelSeed(1, 'steps'));
    assert.equal(modelSeed(1, 'init'), modelSeed(1, 'init'));
    assert.throws(() => modelSeed(0.5, 'init'), /integer/);
  });
});
