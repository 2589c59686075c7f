import assert from 'node:assert/strict';
import {
  parseFromEngineInfoView,
  parseJobResult,
  parseToEngineInfoView,
  parseWorkerMessage,
  parseWorkerRequest,
  ProtocolError,
  type EngineInfo,
} from '../../../src/shared/protocol';

const info: EngineInfo = {
  engineVersion: '0.1.0',
  onnxruntimeVersion: '1.30.0',
  providers: [
    { name: 'cpu', available: true, detail: 'bundled' },
    { name: 'cuda', available: false, detail: 'not installed' },
  ],
};

function rejects(parse: (value: unknown) => unknown, value: unknown, message: RegExp): void {
  assert.throws(() => parse(value), (e: unknown) => e instanceof ProtocolError && message.test(e.message));
}

describe('protocol: host → worker', () => {
  it('accepts job and cancel requests', () => {
    assert.deepEqual(parseWorkerRequest({ kind: 'engineInfo', id: 1 }), { kind: 'engineInfo', id: 1 });
    assert.deepEqual(parseWorkerRequest({ kind: 'cancel', id: 0 }), { kind: 'cancel', id: 0 });
  });

  it('drops fields the protocol does not know', () => {
    assert.deepEqual(parseWorkerRequest({ kind: 'engineInfo', id: 2, extra: true }), { kind: 'engineInfo', id: 2 });
  });

  it('rejects malformed requests, naming the field', () => {
    rejects(parseWorkerRequest, null, /^worker request must be an object, got null$/);
    rejects(parseWorkerRequest, [], /must be an object, got an array/);
    rejects(parseWorkerRequest, { kind: 'train', id: 1 }, /field "kind" must be one of "engineInfo", .*"cancel", got "train"/);
    rejects(parseWorkerRequest, { id: 1 }, /field "kind" must be one of .* got nothing/);
    rejects(parseWorkerRequest, { kind: 'engineInfo' }, /field "id" must be a non-negative integer, got nothing/);
    rejects(parseWorkerRequest, { kind: 'cancel', id: -1 }, /field "id" must be a non-negative integer, got -1/);
    rejects(parseWorkerRequest, { kind: 'cancel', id: 1.5 }, /got 1.5/);
    rejects(parseWorkerRequest, { kind: 'cancel', id: '1' }, /got "1"/);
  });
});

describe('protocol: worker → host', () => {
  it('accepts results, errors, progress and logs', () => {
    assert.deepEqual(parseWorkerMessage({ kind: 'result', id: 3, result: info }), { kind: 'result', id: 3, result: info });
    assert.deepEqual(parseWorkerMessage({ kind: 'error', id: 3, message: 'boom' }), { kind: 'error', id: 3, message: 'boom' });
    assert.deepEqual(parseWorkerMessage({ kind: 'progress', id: 3, message: 'step 1' }), {
      kind: 'progress',
      id: 3,
      message: 'step 1',
    });
    assert.deepEqual(parseWorkerMessage({ kind: 'progress', id: 3, message: 'half', fraction: 0.5 }), {
      kind: 'progress',
      id: 3,
      message: 'half',
      fraction: 0.5,
    });
    assert.deepEqual(parseWorkerMessage({ kind: 'log', level: 'warn', message: 'careful' }), {
      kind: 'log',
      level: 'warn',
      message: 'careful',
    });
  });

  it('rejects malformed messages, naming the field', () => {
    rejects(parseWorkerMessage, 'result', /^worker message must be an object, got "result"$/);
    rejects(parseWorkerMessage, { kind: 'result', id: 1 }, /field "result" is missing/);
    rejects(parseWorkerMessage, { kind: 'error', id: 1, message: 42 }, /field "message" must be a string, got 42/);
    rejects(parseWorkerMessage, { kind: 'progress', id: 1, message: 'x', fraction: NaN }, /"fraction" must be a finite number/);
    rejects(parseWorkerMessage, { kind: 'log', level: 'debug', message: 'x' }, /"level" must be one of "info", "warn", "error"/);
  });

  it('checks a job result against its job kind', () => {
    assert.deepEqual(parseJobResult('engineInfo', info), info);
    const badProvider = { ...info, providers: [{ name: 'cpu', available: 'yes', detail: '' }] };
    rejects((v) => parseJobResult('engineInfo', v), badProvider, /^engineInfo result.providers\[0\]: field "available" must be a boolean/);
    rejects((v) => parseJobResult('engineInfo', v), { ...info, providers: {} }, /field "providers" must be an array, got an object/);
  });

  it('shortens long strings in complaints', () => {
    rejects(parseWorkerMessage, { kind: 'x'.repeat(1000) }, /got "x{40}…"$/);
  });
});

describe('protocol: engine-info panel', () => {
  it('accepts what the host sends the view', () => {
    assert.deepEqual(parseToEngineInfoView({ kind: 'engineInfo', info }), { kind: 'engineInfo', info });
    assert.deepEqual(parseToEngineInfoView({ kind: 'engineError', message: 'no' }), { kind: 'engineError', message: 'no' });
  });

  it('accepts what the view sends the host', () => {
    assert.deepEqual(parseFromEngineInfoView({ kind: 'ready' }), { kind: 'ready' });
  });

  it('rejects malformed panel messages', () => {
    rejects(parseToEngineInfoView, { kind: 'engineInfo', info: { ...info, engineVersion: 1 } }, /info: field "engineVersion" must be a string/);
    rejects(parseToEngineInfoView, undefined, /engine-info view message must be an object, got nothing/);
    rejects(parseFromEngineInfoView, { kind: 'go' }, /field "kind" must be one of "ready", got "go"/);
  });
});
