import assert from 'node:assert/strict';
import { binTrace, llcHealth } from '../../../../src/engine/diagnostics/slt/health';

const trace = (f: (i: number) => number, n = 400) => Float64Array.from({ length: n }, (_, i) => f(i));

describe('LLC health checks', () => {
  it('flattened: a level trace is, a still-rising one is not', () => {
    const level = llcHealth({ traces: [trace((i) => 2 + 0.1 * Math.sin(i)), trace((i) => 2.1 + 0.1 * Math.cos(i))], divergences: [], estimates: [2, 2.1], parameterCount: 10, fullBatch: true });
    assert.equal(level.flattened, true);
    assert.deepEqual(level.warnings, []);
    const rising = llcHealth({ traces: [trace((i) => i / 100), trace((i) => i / 90)], divergences: [], estimates: [2, 2.2], parameterCount: 10, fullBatch: true });
    assert.equal(rising.flattened, false);
    assert.ok(Math.abs(rising.lastQuarters.change - 50 * (1 / 100 + 1 / 90)) < 1e-9, `change ${rising.lastQuarters.change}`);
    assert.match(rising.warnings.join('\n'), /not flattened/);
  });

  it('negative share counts draws below L(w*) and warns only with full batch; λ̂ < 0 and λ̂ > d are warned', () => {
    const below = [trace((i) => (i % 4 === 0 ? 1 : -1))];
    const full = llcHealth({ traces: below, divergences: [], estimates: [-0.5], parameterCount: 3, fullBatch: true });
    assert.equal(full.negativeShare, 0.75);
    assert.match(full.warnings.join('\n'), /75% of draws lie below L\(w\*\)/);
    assert.match(full.warnings.join('\n'), /λ̂ is negative/);
    const mini = llcHealth({ traces: below, divergences: [], estimates: [-0.5], parameterCount: 3, fullBatch: false });
    assert.doesNotMatch(mini.warnings.join('\n'), /of draws lie below/);
    const big = llcHealth({ traces: [trace(() => 50)], divergences: [], estimates: [50], parameterCount: 3, fullBatch: true });
    assert.match(big.warnings.join('\n'), /exceeds d = 3/);
  });

  it('warns when L(w*) from minibatches moves λ̂ by more than a tenth of it', () => {
    const level = [trace(() => 2.5), trace(() => 2.5)];
    const noisy = llcHealth({ traces: level, divergences: [], estimates: [2.5, 2.5], parameterCount: 10, fullBatch: false, initLossNoise: 4.5 });
    assert.match(noisy.warnings.join('\n'), /moves λ̂ by about ±4\.5/);
    const quiet = llcHealth({ traces: level, divergences: [], estimates: [2.5, 2.5], parameterCount: 10, fullBatch: false, initLossNoise: 0.2 });
    assert.deepEqual(quiet.warnings, []);
  });

  it('diverged chains are left out of the checks and named in the warnings', () => {
    const nanAfter = trace((i) => (i < 100 ? 1 : NaN));
    const h = llcHealth({ traces: [trace(() => 1), nanAfter], divergences: [{ chain: 1, step: 100 }], estimates: [1], parameterCount: 4, fullBatch: true });
    assert.equal(h.negativeShare, 0);
    assert.match(h.warnings[0], /chain 1 diverged at step 100/);
    assert.ok(Number.isNaN(h.trace.perChain[1].at(-1)!));
    assert.equal(h.trace.mean.at(-1), 1);
  });

  it('bins long traces into at most 100 means', () => {
    const b = binTrace([trace((i) => i, 1000)]);
    assert.equal(b.draws.length, 100);
    assert.equal(b.perChain[0][0], 4.5);
    assert.equal(b.std[0], 0);
  });
});
