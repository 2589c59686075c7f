import assert from 'node:assert/strict';
import { ActivationRecorder, latentActivations } from '../../../src/engine/jobs/activationRecord';

describe('jobs/activationRecord', () => {
  it('keeps per-latent max, histogram and top examples by row', () => {
    const recorder = new ActivationRecorder(3, 100);
    // rows 0..3 of acts [rows, 3]
    assert.ok(recorder.add(Float32Array.from([0, 1, 0, 2, 0, 0, 0, 3, 0]), 3));
    assert.ok(recorder.add(Float32Array.from([5, 0.5, 0]), 1));
    const record = recorder.finish();
    assert.equal(record.rows, 4);
    assert.deepEqual(Array.from(record.max), [5, 3, 0]);
    const latent1 = latentActivations(record, 1);
    assert.equal(latent1.fired, 3);
    assert.deepEqual(latent1.examples, [
      { row: 2, value: 3 },
      { row: 0, value: 1 },
      { row: 3, value: 0.5 },
    ]);
    assert.equal(latent1.histogram.counts.reduce((s, c) => s + c, 0), 3);
    assert.equal(latent1.histogram.edges.length, latent1.histogram.counts.length + 1);
    assert.deepEqual(latentActivations(record, 2), { max: 0, fired: 0, rows: 4, histogram: { edges: [], counts: [] }, examples: [] });
  });

  it('refuses a batch that would pass the budget, keeping only whole rows', () => {
    const recorder = new ActivationRecorder(2, 3);
    assert.ok(recorder.add(Float32Array.from([1, 1]), 1));
    assert.equal(recorder.add(Float32Array.from([1, 1]), 1), false);
    assert.equal(recorder.finish().rows, 1);
  });
});
