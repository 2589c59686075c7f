import assert from 'node:assert/strict';
import {
  parseFromCompareView,
  parseFromInspector,
  parseFromRunView,
  parseJobResult,
  parseToInspector,
  parseWorkerMessage,
  parseWorkerRequest,
  ProtocolError,
} from '../../../src/shared/protocol';

const point = { step: 10, totalSteps: 100, loss: 0.5, l0: 3, explainedVariance: 0.9, deadFraction: 0 };
const query = { offset: 0, limit: 200, sortBy: 'density', descending: true, search: 'dead' };

function rejects(parse: () => unknown, message: RegExp): void {
  assert.throws(parse, (e: unknown) => e instanceof ProtocolError && message.test(e.message));
}

describe('protocol: SAE jobs and panels', () => {
  it('parses the new worker requests and rejects bad fields', () => {
    assert.deepEqual(parseWorkerRequest({ kind: 'latentRows', id: 1, handle: 2, query }), { kind: 'latentRows', id: 1, handle: 2, query });
    assert.deepEqual(parseWorkerRequest({ kind: 'attachData', id: 1, handle: 2, source: 'toy:large', rows: 10 }).kind, 'attachData');
    rejects(() => parseWorkerRequest({ kind: 'latentRows', id: 1, handle: 2, query: { ...query, sortBy: 'name' } }), /query: field "sortBy" must be one of/);
    rejects(() => parseWorkerRequest({ kind: 'attachData', id: 1, handle: 2, source: 'x', rows: 0 }), /"rows" must be an integer ≥ 1/);
    rejects(() => parseWorkerRequest({ kind: 'trainSae', id: 1, out: '/x', settings: { arch: 'topk' } }), /settings: field "data" must be a string/);
  });

  it('carries training points on progress messages', () => {
    assert.deepEqual(parseWorkerMessage({ kind: 'progress', id: 1, message: 'step 10', point }), { kind: 'progress', id: 1, message: 'step 10', point });
    rejects(() => parseWorkerMessage({ kind: 'progress', id: 1, message: 'x', point: { ...point, loss: null } }), /point: field "loss"/);
  });

  it('checks job results: a row page with unknown values as null', () => {
    const page = { offset: 0, total: 1, rows: [{ index: 0, density: null, maxActivation: null, decoderNorm: 1, nearest: null, nearestCosine: null }] };
    assert.deepEqual(parseJobResult('latentRows', page), page);
    rejects(() => parseJobResult('latentRows', { ...page, rows: [{ ...page.rows[0], decoderNorm: null }] }), /rows\[0\]: field "decoderNorm" must be a finite number/);
  });

  it('validates inspector, run and compare panel messages both ways', () => {
    assert.deepEqual(parseFromInspector({ kind: 'rows', requestId: 3, query }), { kind: 'rows', requestId: 3, query });
    assert.deepEqual(parseToInspector({ kind: 'busy', message: null }), { kind: 'busy', message: null });
    rejects(() => parseFromInspector({ kind: 'latent', latent: -1 }), /"latent" must be an integer ≥ 0/);
    assert.deepEqual(parseFromRunView({ kind: 'exportChart', format: 'svg', name: 'loss', data: '<svg/>' }), {
      kind: 'exportChart',
      format: 'svg',
      name: 'loss',
      data: '<svg/>',
    });
    rejects(() => parseFromCompareView({ kind: 'exportChart', format: 'png', name: 'x', data: 'javascript:1' }), /PNG data: URL/);
  });
});
