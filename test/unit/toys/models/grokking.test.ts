import assert from 'node:assert/strict';
import { Graph } from '../../../../src/engine/graph/graph';
import { Evaluator } from '../../../../src/engine/graph/runner';
import { grokkingLogits, grokkingMlpShapes, initGrokkingMlp, perSampleCorrect, perSampleCrossEntropy } from '../../../../src/engine/toys/models/grokkingMlp';
import { GROKKING_DEFAULTS, grokkingPresets } from '../../../../src/engine/toys/models/grokkingPreset';
import { modularArithmeticData } from '../../../../src/engine/toys/models/modularArithmeticData';
import { Rng } from '../../../../src/engine/util/random';
import { describePresetContract } from './presetContract';

const [grokking] = grokkingPresets;

describe('modular arithmetic data', () => {
  it('splits all p² pairs 40/60 into disjoint sets, labelled (a + b) mod p', () => {
    const p = 13;
    const data = modularArithmeticData(p, 0.4, new Rng(1));
    assert.equal(data.train.size, Math.floor(0.4 * p * p));
    assert.equal(data.train.size + data.validation.size, p * p);
    const seen = new Set<number>();
    for (const set of [data.train, data.validation]) {
      for (let i = 0; i < set.size; i++) {
        const [a, b] = [Number(set.a[i]), Number(set.b[i])];
        assert.equal(Number(set.labels[i]), (a + b) % p);
        seen.add(a * p + b);
      }
    }
    assert.equal(seen.size, p * p);
  });

  it('the split depends on the seed only, and other operations label by their own rule', () => {
    const split = (seed: number) => Array.from(modularArithmeticData(7, 0.4, new Rng(seed)).train.a);
    assert.deepEqual(split(3), split(3));
    assert.notDeepEqual(split(3), split(4));
    const sub = modularArithmeticData(7, 0.5, new Rng(1), 'subtract').train;
    const mul = modularArithmeticData(7, 0.5, new Rng(1), 'multiply').train;
    for (let i = 0; i < sub.size; i++) {
      assert.equal(Number(sub.labels[i]), (((Number(sub.a[i]) - Number(sub.b[i])) % 7) + 7) % 7);
      assert.equal(Number(mul.labels[i]), (Number(mul.a[i]) * Number(mul.b[i])) % 7);
    }
  });
});

describe('grokking MLP', () => {
  it('per-sample losses and correctness agree with the logits they come from', async () => {
    const shape = { modulus: 11, embedding: 4, hidden: 6 };
    const n = 9;
    const g = new Graph('probe');
    const weights = Object.fromEntries(Object.entries(grokkingMlpShapes(shape)).map(([name, s]) => [name, g.input(name, 'float32', s)]));
    const a = g.input('a', 'int64', [n]);
    const b = g.input('b', 'int64', [n]);
    const labels = g.input('labels', 'int64', [n]);
    const logits = grokkingLogits(weights, a, b);
    g.output('logits', logits);
    g.output('losses', perSampleCrossEntropy(logits, labels));
    g.output('correct', perSampleCorrect(logits, labels));
    const rng = new Rng(5);
    const ints = () => BigInt64Array.from({ length: n }, () => BigInt(rng.int(shape.modulus)));
    const feed = { ...initGrokkingMlp(shape, new Rng(6)), a: ints(), b: ints(), labels: ints() };
    const evaluator = await Evaluator.create(g, { threads: 1 });
    const out = await evaluator.run(feed);
    await evaluator.release();
    for (let i = 0; i < n; i++) {
      const row = Array.from(out.logits.subarray(i * shape.modulus, (i + 1) * shape.modulus) as Float32Array);
      const label = Number(feed.labels[i]);
      const max = Math.max(...row);
      const logZ = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      assert.ok(Math.abs(Number(out.losses[i]) - (logZ - row[label])) < 1e-5, `loss of example ${i}`);
      assert.equal(Number(out.correct[i]), row[label] === max ? 1 : 0);
    }
  });

  it('the default preset is the paper\'s run: p = 53, 40 % train, Adam 5e-3 with L2 2e-4, batch 128, 25 000 steps', () => {
    assert.deepEqual(
      { ...GROKKING_DEFAULTS },
      { modulus: 53, trainFraction: 0.4, embedding: 12, hidden: 48, batch: 128, lr: 5e-3, weightDecay: 2e-4, steps: 25000, evalEvery: 100 },
    );
  });

  it('memorises the training split (100 % train accuracy) long before it generalises', async () => {
    const run = await grokking.train({ seed: 1, steps: 4000 });
    const every = run.records.map((r) => r.step);
    assert.deepEqual(every, Array.from({ length: 41 }, (_, i) => i * 100));
    const first = run.records.find((r) => r.trainAccuracy === 1);
    assert.ok(first, `train accuracy reached ${Math.max(...run.records.map((r) => r.trainAccuracy))}`);
    assert.ok(first.validationAccuracy < 0.5, `validation accuracy ${first.validationAccuracy} at step ${first.step}`);
    assert.ok(first.validationLoss > 10 * first.trainLoss, `losses ${first.trainLoss} / ${first.validationLoss}`);
    const last = run.records.at(-1)!;
    assert.ok(last.trainAccuracy > 0.99 && last.batchLoss < 0.2, JSON.stringify(last));
    const initial = run.records[0];
    assert.ok(initial.trainAccuracy < 0.1 && Math.abs(initial.trainLoss - Math.log(53)) < 1.5, JSON.stringify(initial));
  });
});

describePresetContract(grokking, { steps: 400, checkpointEvery: 100, overrides: { evalEvery: 50 } });
