import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { version } from '../../../package.json';
import { parseJobResult, parseWorkerMessage, type WorkerMessage } from '../../../src/shared/protocol';
import { MessageQueue } from '../support/messageQueue';
import { startTsWorker } from '../support/tsWorker';

describe('engine worker thread', () => {
  let worker: Worker;
  const received = new MessageQueue<WorkerMessage>();

  before(() => {
    worker = startTsWorker(new URL('../../../src/engine/worker.ts', import.meta.url));
    worker.on('message', (data: unknown) => received.push(parseWorkerMessage(data)));
  });

  after(() => worker.terminate());

  it('answers engineInfo with the versions and providers', async () => {
    worker.postMessage({ kind: 'engineInfo', id: 1 });
    const reply = await received.next();
    assert.equal(reply.kind, 'result');
    const info = parseJobResult('engineInfo', reply.kind === 'result' ? reply.result : undefined);
    assert.equal(info.engineVersion, version);
    assert.match(info.onnxruntimeVersion, /^\d+\.\d+\.\d+/);
    assert.deepEqual(
      info.providers.map((p) => p.name),
      ['cpu', 'cuda'],
    );
    assert.ok(info.providers[0].available, 'the CPU provider is always there');
  });

  it('logs a malformed request instead of dying, then goes on answering', async () => {
    worker.postMessage({ kind: 'engineInfo' });
    const log = await received.next();
    assert.equal(log.kind, 'log');
    worker.postMessage({ kind: 'engineInfo', id: 2 });
    const reply = await received.next();
    assert.ok(reply.kind === 'result' && reply.id === 2, `expected the result of job 2, got ${JSON.stringify(reply)}`);
  });
});
