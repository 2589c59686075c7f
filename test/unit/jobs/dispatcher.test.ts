import assert from 'node:assert/strict';
import { JobDispatcher, type JobHandler } from '../../../src/engine/jobs/dispatcher';
import type { EngineInfo, WorkerMessage } from '../../../src/shared/protocol';
import { MessageQueue } from '../support/messageQueue';

const info: EngineInfo = { engineVersion: '1', onnxruntimeVersion: '2', providers: [] };

function dispatcherWith(engineInfo: JobHandler<'engineInfo'>): { dispatcher: JobDispatcher; posted: MessageQueue<WorkerMessage> } {
  const posted = new MessageQueue<WorkerMessage>();
  return { dispatcher: new JobDispatcher({ engineInfo }, posted.push), posted };
}

describe('jobs/dispatcher', () => {
  it("posts a job's progress, then its result, under the request's id", async () => {
    const { dispatcher, posted } = dispatcherWith(async (_request, { progress }) => {
      progress({ message: 'probing', fraction: 0.5 });
      return info;
    });
    dispatcher.receive({ kind: 'engineInfo', id: 7 });
    assert.deepEqual(await posted.next(), { kind: 'progress', id: 7, message: 'probing', fraction: 0.5 });
    assert.deepEqual(await posted.next(), { kind: 'result', id: 7, result: info });
  });

  it('posts the message of a job that throws', async () => {
    const { dispatcher, posted } = dispatcherWith(async () => {
      throw new Error('no providers');
    });
    dispatcher.receive({ kind: 'engineInfo', id: 1 });
    assert.deepEqual(await posted.next(), { kind: 'error', id: 1, message: 'no providers' });
  });

  it("aborts a running job's signal on cancel and reports it cancelled when the job throws", async () => {
    let sawAbort = false;
    const { dispatcher, posted } = dispatcherWith(
      (_request, { signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new Error('stopped early'));
          }),
        ),
    );
    dispatcher.receive({ kind: 'engineInfo', id: 4 });
    dispatcher.receive({ kind: 'cancel', id: 4 });
    assert.deepEqual(await posted.next(), { kind: 'error', id: 4, message: 'cancelled' });
    assert.ok(sawAbort);
  });

  it('posts the partial result of a cancelled job that still answers', async () => {
    const { dispatcher, posted } = dispatcherWith((_request, { signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(info))));
    dispatcher.receive({ kind: 'engineInfo', id: 5 });
    dispatcher.receive({ kind: 'cancel', id: 5 });
    assert.deepEqual(await posted.next(), { kind: 'result', id: 5, result: info });
  });

  it('logs malformed requests and a second job with a running id, and runs neither', async () => {
    let runs = 0;
    const { dispatcher, posted } = dispatcherWith(async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return info;
    });
    dispatcher.receive({ kind: 'engineInfo', id: 'x' });
    const malformed = await posted.next();
    assert.equal(malformed.kind, 'log');
    assert.match(malformed.kind === 'log' ? malformed.message : '', /malformed request: worker request: field "id"/);

    dispatcher.receive({ kind: 'engineInfo', id: 2 });
    dispatcher.receive({ kind: 'engineInfo', id: 2 });
    assert.deepEqual(await posted.next(), { kind: 'log', level: 'error', message: 'engine ignored a second job with running id 2' });
    assert.deepEqual(await posted.next(), { kind: 'result', id: 2, result: info });
    assert.equal(runs, 1);
  });
});
