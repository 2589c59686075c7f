/**
 * A stand-in engine worker for EngineClient tests, scripted by workerData:
 * 'hang' runs engineInfo until cancelled and then logs that it saw the abort; 'exit' dies on engineInfo.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JobDispatcher } from '../../../src/engine/jobs/dispatcher';
import type { EngineInfo, WorkerMessage } from '../../../src/shared/protocol';

const port = parentPort;
if (!port) throw new Error('scriptedWorker runs as a worker thread');
const script = workerData as 'hang' | 'exit';
const post = (message: WorkerMessage) => port.postMessage(message);

const dispatcher = new JobDispatcher(
  {
    engineInfo: (_request, { signal }) => {
      if (script === 'exit') process.exit(3);
      return new Promise<EngineInfo>((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          post({ kind: 'log', level: 'info', message: 'job saw abort' });
          reject(new Error('aborted'));
        }),
      );
    },
  },
  post,
);
port.on('message', (data: unknown) => dispatcher.receive(data));
