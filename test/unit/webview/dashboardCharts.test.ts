import assert from 'node:assert/strict';
import { metricGroup, saeCharts, toyCharts, wantsLogX, wantsLogY } from '../../../src/webview/run/dashboardCharts';
import { applyRunMessage, restoredRun } from '../../../src/webview/run/runState';
import type { ToyRecord, ToyTrainSettings, TrainSettings } from '../../../src/shared/protocol';

const toySettings: ToyTrainSettings = { preset: 'grokking', steps: 100, seed: 0, overrides: {}, checkpointEvery: 25 };
const saeSettings: TrainSettings = { data: 'toy:large', arch: 'topk', width: 64, k: 4, l1: null, steps: 100, batch: 64, lr: 3e-4, seed: 0, evalRows: 64, checkpointEvery: 50 };

describe('webview/run: the training dashboard’s charts and state', () => {
  it('groups toy metrics: losses together, accuracies together, names by their head before . or _, the rest alone', () => {
    assert.deepEqual(
      ['trainLoss', 'validationLoss', 'batchLoss', 'loss', 'loss.dog', 'trainAccuracy', 'ce_y', 'ce_xp', 'beta', 'progress.root'].map(metricGroup),
      ['loss', 'loss', 'loss', 'loss', 'loss', 'accuracy', 'ce', 'ce', 'beta', 'progress'],
    );
  });

  it('draws one chart per group, the loss first, at most four curves a chart', () => {
    const records: ToyRecord[] = [0, 10, 20].map((step) => ({
      step, trainAccuracy: step / 20, trainLoss: 4 - step / 10, validationLoss: 5 - step / 10, ...Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [`w_${k}`, step])),
    }));
    const charts = toyCharts(records);
    assert.deepEqual(charts.map((c) => [c.title, c.series.map((s) => s.name)]), [
      ['loss', ['trainLoss', 'validationLoss']],
      ['trainAccuracy', ['trainAccuracy']],
      ['w (1/2)', ['w_a', 'w_b', 'w_c', 'w_d']],
      ['w (2/2)', ['w_e']],
    ]);
    assert.deepEqual(charts[0].series[1].points, [[0, 5], [10, 4], [20, 3]]);
  });

  it('leaves out of a curve the records that lack the metric (a loss is first measured after step 0)', () => {
    const charts = toyCharts([{ step: 0, auc: 0.5 }, { step: 5, auc: 0.6, loss: 2 }]);
    assert.deepEqual(charts.find((c) => c.title === 'loss')!.series[0].points, [[5, 2]]);
  });

  it('takes log y for positive values over 1.5 decades, log x for log-spaced steps', () => {
    assert.equal(wantsLogY([1, 0.02]), true);
    assert.equal(wantsLogY([1, 0.02, 0]), false);
    assert.equal(wantsLogY([1, 0.1]), false);
    const logSpaced = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 1000];
    const even = Array.from({ length: 16 }, (_, i) => i * 100);
    assert.equal(wantsLogX(logSpaced), true);
    assert.equal(wantsLogX(even), false);
    const peaked = toyCharts(logSpaced.map((step) => ({ step, loss: (step + 1) ** (-1 / 3) * 10 })));
    assert.equal(peaked[0].logX, true);
    assert.equal(peaked[0].logY, false, 'a factor of 10 is under 1.5 decades');
  });

  it('charts an SAE’s loss with its parts, L0, and explained variance beside the dead fraction', () => {
    const history = [10, 20].map((step) => ({ step, totalSteps: 20, loss: 1 / step, l0: 4, explainedVariance: 0.5, deadFraction: 0.1, parts: { mse: 0.8 / step, aux: 0 } }));
    const charts = saeCharts(history);
    assert.deepEqual(charts.map((c) => [c.name, c.series.map((s) => s.name), c.logY]), [
      ['loss', ['loss', 'mse', 'aux'], true],
      ['l0', ['L0'], false],
      ['explained-variance', ['explained variance', 'dead fraction'], false],
    ]);
    assert.deepEqual(saeCharts([{ step: 1, totalSteps: 2, loss: 1, l0: 1, explainedVariance: 0, deadFraction: 0 }])[0].series.map((s) => s.name), ['loss']);
  });

  it('follows a live toy run: records, checkpoints once each, then the saved run; a failed unsaved run drops its checkpoints', () => {
    let run = applyRunMessage(undefined, { kind: 'liveToy', id: 't1', settings: toySettings });
    run = applyRunMessage(run, { kind: 'toyRecord', record: { step: 0, trainLoss: 4 } });
    const checkpoint = { step: 25, path: 'checkpoints/step_25.safetensors' };
    run = applyRunMessage(run, { kind: 'checkpoint', checkpoint });
    run = applyRunMessage(run, { kind: 'checkpoint', checkpoint });
    assert.ok(run?.kind === 'toy');
    assert.deepEqual(run.records, [{ step: 0, trainLoss: 4 }]);
    assert.deepEqual(run.checkpoints, [checkpoint]);
    assert.equal(applyRunMessage(run, { kind: 'error', message: 'failed' })?.checkpoints.length, 0);
    const saved = applyRunMessage(run, {
      kind: 'toyRun',
      folder: '/runs/t1',
      run: { kind: 'toy', id: 't1', settings: toySettings, startedAt: 'x', seconds: 2, cancelled: true, steps: 30, config: { modulus: 53 }, records: [], checkpoints: ['checkpoints/step_25.safetensors', 'checkpoints/step_30.safetensors'] },
    });
    assert.ok(saved?.kind === 'toy');
    assert.deepEqual(saved.checkpoints.map((c) => c.step), [25, 30]);
    assert.deepEqual(saved.saved, { cancelled: true, steps: 30, seconds: 2, config: { modulus: 53 } });
  });

  it('reads back states saved before toy runs existed as SAE runs, and rejects what is not a run', () => {
    const old = { id: 'r1', settings: saeSettings, history: [], metrics: null, folder: '/r1', error: null };
    assert.deepEqual(restoredRun(old), { ...old, kind: 'sae', checkpoints: [] });
    assert.equal(restoredRun({ id: 'x' }), undefined);
    assert.equal(restoredRun(null), undefined);
  });
});
