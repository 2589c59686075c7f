import assert from 'node:assert/strict';
import {
  parseFromHedgingView,
  parseJobResult,
  parseToHedgingView,
  parseWorkerMessage,
  parseWorkerRequest,
  ProtocolError,
  type HedgingOutcome,
} from '../../../src/shared/protocol';

const toy = {
  toy: 'toy:hedging-hierarchical', steps: 10, batch: 500, lr: 3e-4, l1: 1e-3, initNoise: 0.25, seed: 0, cancelled: false,
  firing: { parentOnly: 0.2, both: 0.05, childOnly: 0, neither: 0.75 },
  analytic: { theta: 0.2318, cosParent: 0.9733, cosChild: 0.2297 },
  trained: { decoder: { parent: 0.97, child: 0.24 }, encoder: { parent: 0.98, child: 0.2 }, bDec: { parent: 0, child: 0.01, norm: 0.01 } },
};

describe('protocol: hedging job and panel', () => {
  it('parses the three kinds of request; null takes the engine defaults', () => {
    const toys = parseWorkerRequest({ kind: 'hedging', id: 1, settings: { mode: 'toys', toys: null, steps: null, seed: 0 } });
    assert.deepEqual(toys, { kind: 'hedging', id: 1, settings: { mode: 'toys', toys: null, steps: null, seed: 0 } });
    const sae = parseWorkerRequest({ kind: 'hedging', id: 2, settings: { mode: 'sae', sae: '/s', data: 'toy:large', steps: 300, newLatents: 64, baselines: 50, seed: 0 } });
    assert.ok(sae.kind === 'hedging' && sae.settings.mode === 'sae' && sae.settings.newLatents === 64);
    const gamma = parseWorkerRequest({ kind: 'hedging', id: 3, settings: { mode: 'gamma', toy: 'toy:tree', gammas: [0, 0.25], detached: false, steps: 100, seed: 1 } });
    assert.ok(gamma.kind === 'hedging' && gamma.settings.mode === 'gamma' && gamma.settings.gammas?.length === 2);
  });

  it('rejects bad settings, naming the field', () => {
    const bad = (settings: object, field: RegExp) =>
      assert.throws(() => parseWorkerRequest({ kind: 'hedging', id: 1, settings }), (e: Error) => e instanceof ProtocolError && field.test(e.message));
    bad({ mode: 'toys', toys: [], steps: null, seed: 0 }, /"toys" must name at least one toy/);
    bad({ mode: 'gamma', toy: 'toy:tree', gammas: [-1], detached: true, steps: null, seed: 0 }, /"gammas" must be ≥ 0/);
    bad({ mode: 'sae', sae: '/s', data: 'toy:large', steps: 0, newLatents: 64, baselines: 50, seed: 0 }, /"steps" must be an integer ≥ 1/);
    bad({ mode: 'all', steps: null, seed: 0 }, /"mode" must be one of/);
  });

  it('carries finished parts on progress messages and checks the result against the job kind', () => {
    const progress = parseWorkerMessage({ kind: 'progress', id: 4, message: 'done', fraction: 0.25, hedgingPart: { kind: 'toy', toy } });
    assert.ok(progress.kind === 'progress' && progress.hedgingPart?.kind === 'toy' && progress.hedgingPart.toy.analytic.cosChild === 0.2297);
    assert.throws(() => parseWorkerMessage({ kind: 'progress', id: 4, message: 'x', hedgingPart: { kind: 'toy', toy: { ...toy, analytic: {} } } }), /analytic: field "theta"/);
    const outcome: HedgingOutcome = { mode: 'toys', cancelled: false, toys: [toy] };
    assert.deepEqual(parseJobResult('hedging', outcome), outcome);
    assert.throws(() => parseJobResult('hedging', { mode: 'sae', cancelled: false }), /hedging result.degree must be an object/);
  });

  it('validates the panel messages both ways', () => {
    const record = { kind: 'hedging', id: 'r', settings: { mode: 'toys', toys: null, steps: null, seed: 0 }, startedAt: 't', seconds: 1, outcome: { mode: 'toys', cancelled: true, toys: [toy] } };
    assert.equal(parseToHedgingView({ kind: 'record', record, folder: '/f' }).kind, 'record');
    assert.throws(() => parseToHedgingView({ kind: 'record', record: { ...record, kind: 'toy' }, folder: '/f' }), /record: field "kind"/);
    assert.deepEqual(parseFromHedgingView({ kind: 'ready' }), { kind: 'ready' });
    assert.deepEqual(parseFromHedgingView({ kind: 'exportData', format: 'csv', name: 'n', data: 'a,b\r\n' }), { kind: 'exportData', format: 'csv', name: 'n', data: 'a,b\r\n' });
    assert.throws(() => parseFromHedgingView({ kind: 'exportData', format: 'json', name: 'n', data: '{' }), /is not JSON/);
    assert.throws(() => parseFromHedgingView({ kind: 'exportChart', format: 'png', name: 'n', data: 'not a png' }), /PNG data: URL/);
  });
});
