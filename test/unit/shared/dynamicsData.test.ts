import assert from 'node:assert/strict';
import { parseInfluenceSettings, parseJobResult, parseLlcSettings, parseToDynamicsView, parseWorkerRequest, ProtocolError } from '../../../src/shared/protocol';

describe('shared/dynamicsData', () => {
  it('reads LLC and influence requests, and refuses what the engine could not run', () => {
    assert.deepEqual(parseWorkerRequest({ kind: 'llc', id: 3, settings: { mode: 'family', model: 'rrr', x: null, y: null, draws: null, seed: 0 } }), {
      kind: 'llc', id: 3, settings: { mode: 'family', model: 'rrr', x: null, y: null, draws: null, seed: 0 },
    });
    assert.throws(() => parseLlcSettings({ mode: 'family', model: 'mlp', x: null, y: null, draws: null, seed: 0 }, 'settings'), /settings: field "model" must be one of/);
    assert.throws(() => parseLlcSettings({ mode: 'family', model: 'linear', x: 'x.npy', y: null, draws: null, seed: 0 }, 'settings'), /x and y go together/);
    assert.throws(() => parseLlcSettings({ mode: 'run', run: '/r', draws: 0, every: 1, seed: 0 }, 'settings'), /"draws" must be an integer ≥ 1/);
    assert.deepEqual(parseInfluenceSettings({ run: '/r', pairs: ['dog:cat'], draws: 400, every: null, seed: 1 }, 'settings'), { run: '/r', pairs: ['dog:cat'], draws: 400, every: null, seed: 1 });
    assert.throws(() => parseInfluenceSettings({ run: '/r', pairs: ['dog-cat'], draws: null, every: null, seed: 0 }, 'settings'), /source:target item names, got "dog-cat"/);
    assert.throws(() => parseInfluenceSettings({ run: '/r', pairs: [], draws: null, every: null, seed: 0 }, 'settings'), /at least one pair/);
  });

  it('a result with NaN where null belongs, or series of different lengths, is a protocol error', () => {
    const pair = {
      pair: 'dog:cat', source: 'dog', target: 'cat', steps: [100, 200], correlation: [0.1, null], bif: [-0.01, null], proxyCorrelation: null, proxyAgreement: null,
      marks: { signs: ['helpful', 'neutral'], flips: [], peaks: [{ step: 100, correlation: 0.1, sign: 'helpful', segment: [100, 100] }], harmfulOnset: null },
      stageOverlay: [{ kind: 'peak', step: 100, boundary: null, distance: null }],
    };
    const outcome = (p: unknown) => ({
      cancelled: false,
      trajectories: {
        run: '/r', preset: 'dln', samples: ['dog', 'cat'], sampler: { epsilon: 1e-4, localization: 1000, nbeta: 100, chains: 4, draws: 10, burnIn: 1, seed: 0, reduction: 'stack' },
        checkpoints: [{ step: 100, divergedChains: [] }, { step: 200, divergedChains: [3] }], pairs: [p], stages: { source: 'loss-drop', boundaries: [] }, curve: { key: 'loss', steps: [0], values: [2] },
      },
    });
    assert.equal(parseJobResult('influence', outcome(pair)).trajectories.pairs[0].correlation[1], null);
    assert.throws(() => parseJobResult('influence', outcome({ ...pair, correlation: [0.1, NaN] })), (e: Error) => e instanceof ProtocolError && /correlation\[1\] must be a finite number or null/.test(e.message));
    assert.throws(() => parseJobResult('influence', outcome({ ...pair, bif: [0.1] })), /one value per checkpoint/);
    assert.throws(() => parseJobResult('influence', outcome({ ...pair, marks: { ...pair.marks, signs: ['good', 'neutral'] } })), /signs\[0\] must be "helpful", "harmful" or "neutral"/);
  });

  it('panel messages: a streamed checkpoint, and unknown kinds refused', () => {
    const checkpoint = { step: 50, loss: 1.5, llc: null, initLoss: null, health: null, error: 'SGLD diverged in every chain' };
    assert.deepEqual(parseToDynamicsView({ kind: 'checkpoint', checkpoint }), { kind: 'checkpoint', checkpoint });
    assert.throws(() => parseToDynamicsView({ kind: 'part' }), /field "kind" must be one of/);
  });
});
