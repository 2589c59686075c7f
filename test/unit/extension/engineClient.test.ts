import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { version } from '../../../package.json';
import { EngineClient, JobCancelledError } from '../../../src/extension/engineClient';
import type { LogLevel } from '../../../src/shared/protocol';
import { MessageQueue } from '../support/messageQueue';
import { ManualToken } from '../support/manualToken';
import { startTsWorker } from '../support/tsWorker';

const engineWorker = new URL('../../../src/engine/worker.ts', import.meta.url);
const scriptedWorker = new URL('./scriptedWorker.ts', import.meta.url);

const clients: EngineClient[] = [];

/** A client whose n-th worker start calls workers[n], the last one repeating. */
function clientStarting(...workers: (() => Worker)[]) {
  const logs = new MessageQueue<{ level: LogLevel; message: string }>();
  let starts = 0;
  const client = new EngineClient({
    startWorker: () => workers[Math.min(starts++, workers.length - 1)](),
    log: (level, message) => logs.push({ level, message }),
  });
  clients.push(client);
  return { client, logs, starts: () => starts };
}

describe('extension/EngineClient', () => {
  afterEach(() => clients.splice(0).forEach((client) => client.dispose()));

  it('starts the worker on first use only, and reuses it', async () => {
    const { client, starts } = clientStarting(() => startTsWorker(engineWorker));
    assert.equal(starts(), 0);
    const [first, second] = await Promise.all([client.run({ kind: 'engineInfo' }), client.run({ kind: 'engineInfo' })]);
    assert.equal(first.engineVersion, version);
    assert.deepEqual(second, first);
    assert.equal(starts(), 1);
  });

  it('cancels: rejects at once and tells the worker, whose job sees the abort', async () => {
    const { client, logs } = clientStarting(() => startTsWorker(scriptedWorker, 'hang'));
    const token = new ManualToken();
    const running = client.run({ kind: 'engineInfo' }, { token });
    token.cancel();
    await assert.rejects(running, JobCancelledError);
    assert.deepEqual(await logs.next(), { level: 'info', message: 'job saw abort' });
  });

  it('with partialOnCancel, tells the worker and waits for its answer; a job that then fails rejects as cancelled', async () => {
    const { client, logs } = clientStarting(() => startTsWorker(scriptedWorker, 'hang'));
    const token = new ManualToken();
    let settled = false;
    const running = client.run({ kind: 'engineInfo' }, { token, partialOnCancel: true }).finally(() => (settled = true));
    token.cancel();
    assert.deepEqual(await logs.next(), { level: 'info', message: 'job saw abort' });
    assert.equal(settled, false, 'still waiting for the job after the cancel');
    await assert.rejects(running, JobCancelledError);
  });

  it('does not start a job whose token is already cancelled', async () => {
    const { client, starts } = clientStarting(() => startTsWorker(engineWorker));
    const token = new ManualToken();
    token.cancel();
    await assert.rejects(client.run({ kind: 'engineInfo' }, { token }), JobCancelledError);
    assert.equal(starts(), 0);
  });

  it('fails the waiting jobs when the worker dies, and restarts it on the next request', async () => {
    const { client, logs, starts } = clientStarting(
      () => startTsWorker(scriptedWorker, 'exit'),
      () => startTsWorker(engineWorker),
    );
    await assert.rejects(client.run({ kind: 'engineInfo' }), /the engine stopped unexpectedly \(exit code 3\)/);
    assert.equal((await logs.next()).level, 'warn');
    const info = await client.run({ kind: 'engineInfo' });
    assert.equal(info.engineVersion, version);
    assert.equal(starts(), 2);
  });

  it('fails a job whose worker cannot start, and tries again on the next request', async () => {
    const { client, starts } = clientStarting(
      () => {
        throw new Error('no worker today');
      },
      () => startTsWorker(engineWorker),
    );
    await assert.rejects(client.run({ kind: 'engineInfo' }), /no worker today/);
    assert.equal((await client.run({ kind: 'engineInfo' })).engineVersion, version);
    assert.equal(starts(), 2);
  });

  it('fails waiting jobs on dispose', async () => {
    const { client } = clientStarting(() => startTsWorker(scriptedWorker, 'hang'));
    const running = client.run({ kind: 'engineInfo' });
    client.dispose();
    await assert.rejects(running, /the engine was shut down/);
  });
});
