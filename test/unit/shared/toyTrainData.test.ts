import assert from 'node:assert/strict';
import { checkpointStep, parseFromRunView, parseToRunView, parseWorkerMessage, parseWorkerRequest, ProtocolError } from '../../../src/shared/protocol';

const settings = { preset: 'tms', steps: 100, seed: 0, overrides: { hidden: 4 }, checkpointEvery: 25 };

function rejects(parse: () => unknown, message: RegExp): void {
  assert.throws(parse, (e: unknown) => e instanceof ProtocolError && message.test(e.message));
}

describe('protocol: toy-model training and the dashboard', () => {
  it('parses trainToyModel requests and names bad settings', () => {
    assert.deepEqual(parseWorkerRequest({ kind: 'trainToyModel', id: 3, settings, outDir: '/r/checkpoints' }), { kind: 'trainToyModel', id: 3, settings, outDir: '/r/checkpoints' });
    rejects(() => parseWorkerRequest({ kind: 'trainToyModel', id: 3, settings: { ...settings, overrides: { hidden: 'x' } }, outDir: '/r' }), /overrides: "hidden" must be a finite number/);
    rejects(() => parseWorkerRequest({ kind: 'trainToyModel', id: 3, settings: { ...settings, steps: 0 }, outDir: '/r' }), /"steps" must be an integer ≥ 1/);
  });

  it('carries records, checkpoints and SAE loss parts on progress messages, and refuses a record without a step', () => {
    const record = { step: 10, loss: 0.5, 'loss.dog': 0.25 };
    const checkpoint = { step: 10, path: 'checkpoints/step_10.safetensors' };
    assert.deepEqual(parseWorkerMessage({ kind: 'progress', id: 1, message: 'm', record, checkpoint }), { kind: 'progress', id: 1, message: 'm', record, checkpoint });
    const point = { step: 1, totalSteps: 2, loss: 1, l0: 2, explainedVariance: 0.5, deadFraction: 0, parts: { mse: 0.9, aux: 0 } };
    assert.deepEqual(parseWorkerMessage({ kind: 'progress', id: 1, message: 'm', point }), { kind: 'progress', id: 1, message: 'm', point });
    rejects(() => parseWorkerMessage({ kind: 'progress', id: 1, message: 'm', record: { loss: 1 } }), /record: field "step"/);
    rejects(() => parseWorkerMessage({ kind: 'progress', id: 1, message: 'm', point: { ...point, parts: { mse: null } } }), /parts: field "mse" must be a finite number/);
  });

  it('parses the dashboard’s toy messages and the Open request for a checkpoint', () => {
    assert.deepEqual(parseToRunView({ kind: 'liveToy', id: 't', settings }), { kind: 'liveToy', id: 't', settings });
    assert.deepEqual(parseToRunView({ kind: 'checkpoint', checkpoint: { step: 5, path: 'p' } }), { kind: 'checkpoint', checkpoint: { step: 5, path: 'p' } });
    rejects(() => parseToRunView({ kind: 'toyRun', folder: '/f', run: { kind: 'sae' } }), /run: field "kind" must be one of "toy"/);
    assert.deepEqual(parseFromRunView({ kind: 'openCheckpoint', path: 'sae-checkpoints/step_5' }), { kind: 'openCheckpoint', path: 'sae-checkpoints/step_5' });
    rejects(() => parseFromRunView({ kind: 'openCheckpoint' }), /"path" must be a string/);
  });

  it('reads the step of both trainers’ checkpoint names', () => {
    assert.equal(checkpointStep('sae-checkpoints/step_500'), 500);
    assert.equal(checkpointStep('checkpoints/step_30.safetensors'), 30);
    assert.ok(Number.isNaN(checkpointStep('checkpoints/final')));
  });
});
