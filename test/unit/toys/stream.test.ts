import assert from 'node:assert/strict';
import { buildToyWorld, createToyStream, resolveToySpec, toyPreset, type ToyConfig } from '../../../src/engine/toys';

const CONFIGS: ToyConfig[] = [
  toyPreset('large'),
  toyPreset('small', { noise: 0.1, bias: 2 }),
  toyPreset('tree', { exclusive: true, std: 0.3 }),
  toyPreset('longon'),
  toyPreset('zipf', { features: 64, d: 16 }),
];

describe('toys/stream', () => {
  it('the same seed gives the same stream; another seed a different one', () => {
    for (const config of CONFIGS) {
      const a = createToyStream(config, 3).nextBatch(300);
      assert.deepEqual(createToyStream(config, 3).nextBatch(300), a);
      assert.notDeepEqual(createToyStream(config, 4).nextBatch(300), a);
    }
  });

  it('batch size does not change the sequence: 2 × 512 = 1 × 1024 = 1000 + 1 + 23', () => {
    for (const config of CONFIGS) {
      const whole = createToyStream(config, 5).nextBatch(1024);
      const halves = createToyStream(config, 5);
      assert.deepEqual(Float32Array.of(...halves.nextBatch(512), ...halves.nextBatch(512)), whole);
      const ragged = createToyStream(config, 5);
      assert.deepEqual(Float32Array.of(...ragged.nextBatch(1000), ...ragged.nextBatchWithTruth(1).x, ...ragged.nextBatch(23)), whole);
      assert.equal(ragged.position, 1024);
    }
  });

  it('fills a caller buffer in place without reallocating it', () => {
    const stream = createToyStream(toyPreset('large'), 6);
    const out = new Float32Array(256 * 100);
    assert.equal(stream.nextBatch(256, out), out);
    const bigger = new Float32Array(300 * 100);
    const view = stream.nextBatch(256, bigger);
    assert.equal(view.buffer, bigger.buffer);
    assert.equal(view.length, 256 * 100);
    assert.throws(() => stream.nextBatch(257, out), /holds 25600 values; 257 samples need 25700/);
    assert.throws(() => stream.nextBatch(1.5), /batchSize must be an integer/);
  });

  it('the batch truth explains x: x = m @ F + bias (without noise)', () => {
    const config = toyPreset('small', { bias: 2 });
    const stream = createToyStream(config, 7);
    const { features, bias, d, nFeatures: g } = stream.truth;
    assert.ok(bias && Math.abs(Math.hypot(...bias) - 2) < 1e-6);
    const { x, magnitudes, fired } = stream.nextBatchWithTruth(200);
    for (let b = 0; b < 200; b++) {
      for (let j = 0; j < d; j++) {
        let expected = bias[j];
        for (let i = 0; i < g; i++) expected += magnitudes[b * g + i] * features[i * d + j];
        assert.ok(Math.abs(x[b * d + j] - expected) < 1e-5, `sample ${b}, coordinate ${j}`);
      }
      for (let i = 0; i < g; i++) if (magnitudes[b * g + i] !== 0) assert.equal(fired[b * g + i], 1);
    }
  });

  it('noise has the requested standard deviation', () => {
    const plain = createToyStream(toyPreset('hedging-independent', { pParent: 0, pChild: 0, pChildAlone: 0, noise: 0.5 }), 8);
    const x = plain.nextBatch(4000);
    const variance = x.reduce((s, v) => s + v * v, 0) / x.length;
    assert.ok(Math.abs(Math.sqrt(variance) - 0.5) < 0.005, `noise std ${Math.sqrt(variance)}`);
  });

  it('asking for the truth reuses the caller buffers and does not change the stream', () => {
    const config = toyPreset('tree');
    const plain = createToyStream(config, 9);
    const withTruth = createToyStream(config, 9);
    const buffers = { x: new Float32Array(64 * 50), magnitudes: new Float32Array(64 * 4).fill(7), fired: new Uint8Array(64 * 4).fill(1) };
    for (let n = 0; n < 3; n++) {
      const batch = withTruth.nextBatchWithTruth(64, buffers);
      assert.equal(batch.x, buffers.x);
      assert.equal(batch.magnitudes, buffers.magnitudes);
      assert.deepEqual(batch.x, plain.nextBatch(64));
    }
    assert.ok(buffers.magnitudes.every((m) => m !== 7), 'magnitudes are cleared before filling');
  });

  it('streams from one world share its truth and differ only in samples', () => {
    const world = buildToyWorld(resolveToySpec(toyPreset('large', { d: 40 })));
    const train = createToyStream(world, 1);
    const heldOut = createToyStream(world, 2);
    assert.equal(train.truth, heldOut.truth);
    assert.deepEqual(createToyStream(toyPreset('large', { d: 40 }), 1).truth.features, world.truth.features);
    assert.notDeepEqual(createToyStream(toyPreset('large', { d: 40, worldSeed: 1 }), 1).truth.features, world.truth.features);
  });
});
