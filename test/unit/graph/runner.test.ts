import assert from 'node:assert/strict';
import { Graph } from '../../../src/engine/graph/graph';
import { ShapeError } from '../../../src/engine/graph/errors';
import * as op from '../../../src/engine/graph/ops';
import { grad } from '../../../src/engine/graph/autodiff';
import { sgd, sgld } from '../../../src/engine/graph/optim';
import { StepRunner } from '../../../src/engine/graph/runner';
import { toModelProto } from '../../../src/engine/graph/onnx';

function quadratic(): Graph {
  const g = new Graph('quadratic');
  const w = g.param('w', [4]);
  const target = g.input('target', 'float32', [4]);
  const lr = g.input('lr', 'float32', []);
  const d = op.sub(w, target);
  const loss = op.reduceSum(op.mul(d, d));
  sgd([w], grad(loss, [w]), { lr, momentum: 0.5 });
  g.output('loss', loss);
  return g;
}

describe('step runner', () => {
  it('swaps two state buffers instead of allocating new ones', async () => {
    const r = await StepRunner.create(quadratic(), { threads: 1 });
    const a = r.state('w');
    await r.step({ target: Float32Array.of(1, 2, 3, 4), lr: 0.1 });
    const b = r.state('w');
    await r.step({ target: Float32Array.of(1, 2, 3, 4), lr: 0.1 });
    assert.notEqual(a, b);
    assert.equal(r.state('w'), a);
    assert.equal(r.steps, 2);
  });

  it('metric buffers are reused from step to step', async () => {
    const r = await StepRunner.create(quadratic(), { threads: 1 });
    const m1 = await r.step({ target: Float32Array.of(1, 1, 1, 1), lr: 0.1 });
    const first = m1.loss[0];
    const m2 = await r.step({ target: Float32Array.of(1, 1, 1, 1), lr: 0.1 });
    assert.equal(m1.loss, m2.loss);
    assert.equal(first, 4);
    assert.ok(m2.loss[0] < first);
  });

  it('is deterministic under a seed, including noise inputs', async () => {
    const build = () => {
      const g = new Graph('sgld');
      const w = g.param('w', [16]);
      const lr = g.input('lr', 'float32', []);
      sgld([w], grad(op.reduceSum(op.mul(w, w)), [w]), { lr, nbeta: 10 });
      return g;
    };
    const run = async (seed: number) => {
      const r = await StepRunner.create(build(), { seed, threads: 1 });
      const anchor = new Float32Array(16);
      for (let i = 0; i < 5; i++) await r.step({ lr: 0.01, 'w.anchor': anchor });
      return Array.from(r.state('w') as Float32Array);
    };
    assert.deepEqual(await run(1), await run(1));
    assert.notDeepEqual(await run(1), await run(2));
  });

  it('an evaluator shares the runner\'s current parameter buffers', async () => {
    const train = quadratic();
    const r = await StepRunner.create(train, { threads: 1 });
    const e = new Graph('eval');
    const w = e.input('w', 'float32', [4]);
    e.output('total', op.reduceSum(w));
    const ev = await r.evaluator(e, { threads: 1 });
    assert.equal((await ev.run()).total[0], 0);
    await r.step({ target: Float32Array.of(1, 1, 1, 1), lr: 0.25 });
    // One SGD step from 0 with gradient 2(w − 1) = −2: w = 0.5 each.
    assert.equal((await ev.run()).total[0], 2);
  });

  it('rejects feeds of the wrong size or unknown name with the graph and input named', async () => {
    const r = await StepRunner.create(quadratic(), { threads: 1 });
    await assert.rejects(r.step({ target: Float32Array.of(1, 2), lr: 0.1 }), /quadratic: input target:float32\[4\] got 2 values/);
    await assert.rejects(r.step({ nope: 1 }), /no input named nope/);
    assert.throws(() => r.setState('w', [1]), /needs 4/);
  });
});

describe('graph building', () => {
  it('reports shape errors at build time with the op and the shapes', () => {
    const g = new Graph();
    const a = g.input('a', 'float32', [3, 4]);
    const b = g.input('b', 'float32', [5, 6]);
    assert.throws(() => op.matmul(a, b), (e: unknown) => e instanceof ShapeError && /MatMul.*a:float32\[3,4\] @ b:float32\[5,6\]/.test(e.message));
    assert.throws(() => op.add(a, b), /Add: shapes \[3,4\] and \[5,6\] do not broadcast/);
    assert.throws(() => op.reshape(a, [5, -1]), /Reshape: cannot reshape/);
    assert.throws(() => op.topk(a, 9), /TopK: k = 9 out of range/);
    assert.throws(() => g.input('a', 'float32', [1]), /already used/);
  });

  it('a graph output of a computed value is renamed, not copied; Add onto a Gemm becomes its bias', () => {
    const g = new Graph();
    const a = g.input('a', 'float32', [3, 4]);
    const b = g.input('b', 'float32', [4, 5]);
    const c = g.input('c', 'float32', [5]);
    g.output('y', op.add(op.gemm(a, b), c));
    g.output('a_copy', a);
    const nodes = toModelProto(g).graph!.node!;
    assert.deepEqual(nodes.map((n) => n.opType), ['Gemm', 'Identity']);
    assert.deepEqual(nodes[0].input, ['a', 'b', 'c']);
    assert.deepEqual(nodes[0].output, ['y']);
  });

  it('row sums of a Gemm product are taken before the product, with the same value', async () => {
    const g = new Graph('rowsum');
    const a = g.input('a', 'float32', [5, 3]);
    const b = g.input('b', 'float32', [4, 3]);
    g.output('s', op.reduceSum(op.gemm(a, b, { transB: true }), [0], true));
    const nodes = toModelProto(g).graph!.node!;
    assert.deepEqual(nodes.map((n) => n.opType), ['ReduceSum', 'Gemm']);
    const A = Float32Array.from({ length: 15 }, (_, i) => i - 7);
    const B = Float32Array.from({ length: 12 }, (_, i) => (i % 5) - 2);
    const out = (await (await StepRunner.create(g, { threads: 1 })).step({ a: A, b: B })).s as Float32Array;
    for (let j = 0; j < 4; j++) {
      let expected = 0;
      for (let i = 0; i < 5; i++) for (let k = 0; k < 3; k++) expected += A[i * 3 + k] * B[j * 3 + k];
      assert.equal(out[j], expected);
    }
  });

  it('a custom gradient replaces the gradient of what it wraps (straight-through estimator)', async () => {
    const g = new Graph('ste');
    const x = g.input('x', 'float32', [4]);
    // Forward: a hard step. Backward: pretend it was the identity.
    const hard = op.cast(op.greater(x, 0), 'float32');
    const y = op.customGradient(hard, [x], (gy) => [gy]);
    const [gx] = grad(op.reduceSum(op.mul(y, g.constant(Float32Array.of(1, 2, 3, 4), [4]))), [x]);
    g.output('y', y);
    g.output('gx', gx);
    const r = await StepRunner.create(g, { threads: 1 });
    const out = await r.step({ x: Float32Array.of(-1, 2, -3, 4) });
    assert.deepEqual(Array.from(out.y as Float32Array), [0, 1, 0, 1]);
    assert.deepEqual(Array.from(out.gx as Float32Array), [1, 2, 3, 4]);
  });
});

describe('several steps per run (ONNX Loop)', () => {
  function noisyRegression(): Graph {
    const g = new Graph('noisy');
    const x = g.input('x', 'float32', [8, 3]);
    const y = g.input('y', 'float32', [8]);
    const lr = g.input('lr', 'float32', []);
    const w = g.param('w', [3, 1]);
    const err = op.sub(op.reshape(op.matmul(x, w), [8]), y);
    const loss = op.reduceMean(op.mul(err, err));
    sgld([w], grad(loss, [w]), { lr, nbeta: 20, localization: 1 });
    g.output('loss', loss);
    return g;
  }

  it('K steps in one run equal K single runs, noise included, with metrics stacked per step', async () => {
    const K = 4;
    const xs = Float32Array.from({ length: K * 24 }, (_, i) => Math.sin(i));
    const ys = Float32Array.from({ length: K * 8 }, (_, i) => Math.cos(i));
    const lrs = Float32Array.from({ length: K }, (_, i) => 0.01 * (i + 1));
    const anchor = Float32Array.of(0.1, 0.2, 0.3);

    const single = await StepRunner.create(noisyRegression(), { seed: 9, threads: 1 });
    single.setState('w', anchor);
    const losses: number[] = [];
    for (let k = 0; k < K; k++) {
      const out = await single.step({ x: xs.subarray(k * 24, (k + 1) * 24), y: ys.subarray(k * 8, (k + 1) * 8), lr: lrs[k], 'w.anchor': anchor });
      losses.push(Number(out.loss[0]));
    }

    const looped = await StepRunner.create(noisyRegression(), { seed: 9, threads: 1, stepsPerRun: K, stacked: ['x', 'y', 'lr'] });
    looped.setState('w', anchor);
    const out = await looped.step({ x: xs, y: ys, lr: lrs, 'w.anchor': anchor });
    assert.equal(looped.steps, K);
    assert.equal(out.loss.length, K);
    Array.from(out.loss as Float32Array).forEach((l, k) => assert.ok(Math.abs(l - losses[k]) < 1e-6, `step ${k}: ${l} vs ${losses[k]}`));
    Array.from(looped.state('w') as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - (single.state('w') as Float32Array)[i]) < 1e-6));
  });

  it('a looped variant and a single-step session share one state: 2 + 1 + 2 steps equal 5 single steps', async () => {
    const xs = Float32Array.from({ length: 5 * 24 }, (_, i) => Math.sin(i));
    const ys = Float32Array.from({ length: 5 * 8 }, (_, i) => Math.cos(i));
    const lrs = Float32Array.from({ length: 5 }, (_, i) => 0.01 * (i + 1));
    const anchor = Float32Array.of(0.1, 0.2, 0.3);
    const feed = (from: number, to: number) => ({ x: xs.subarray(from * 24, to * 24), y: ys.subarray(from * 8, to * 8), 'w.anchor': anchor });

    const single = await StepRunner.create(noisyRegression(), { seed: 9, threads: 1 });
    single.setState('w', anchor);
    for (let k = 0; k < 5; k++) await single.step({ ...feed(k, k + 1), lr: lrs[k] });

    const mixed = await StepRunner.create(noisyRegression(), { seed: 9, threads: 1 });
    await mixed.addVariant('twice', noisyRegression(), { stepsPerRun: 2, stacked: ['x', 'y', 'lr'] });
    mixed.setState('w', anchor);
    await mixed.step({ ...feed(0, 2), lr: lrs.subarray(0, 2) }, 'twice');
    await mixed.step({ ...feed(2, 3), lr: lrs[2] });
    const out = await mixed.step({ ...feed(3, 5), lr: lrs.subarray(3, 5) }, 'twice');
    assert.equal(mixed.steps, 5);
    assert.equal(out.loss.length, 2);
    Array.from(mixed.state('w') as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - (single.state('w') as Float32Array)[i]) < 1e-6));
  });

  it('refuses a stacked name that is not an input', async () => {
    await assert.rejects(StepRunner.create(noisyRegression(), { stepsPerRun: 2, stacked: ['nope'] }), /stacked input nope is not an input/);
  });
});

describe('fusion keeps the graph in topological order', () => {
  it('a Gemm whose bias is computed after it still runs inside a Loop', async () => {
    const g = new Graph('late_bias');
    const x = g.input('x', 'float32', [4, 3]);
    const w = g.param('w', [3, 2]);
    const lr = g.input('lr', 'float32', []);
    const [gw] = grad(op.reduceSum(op.mul(op.matmul(x, w), op.matmul(x, w))), [w]);
    // Coupled weight decay adds λw to the Gemm gradient; λw is computed after the Gemm in creation order.
    sgd([w], [gw], { lr, weightDecay: 0.1 });
    const single = await StepRunner.create(g, { threads: 1 });
    const looped = await StepRunner.create(g, { threads: 1, stepsPerRun: 2, stacked: ['x'] });
    const xs = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
    for (const r of [single, looped]) r.setState('w', [1, 2, 3, 4, 5, 6]);
    await single.step({ x: xs.subarray(0, 12), lr: 0.01 });
    await single.step({ x: xs.subarray(12), lr: 0.01 });
    await looped.step({ x: xs, lr: 0.01 });
    Array.from(looped.state('w') as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - (single.state('w') as Float32Array)[i]) < 1e-5));
  });
});
