/** Entry point of the engine's worker thread: the extension host starts it and sends it jobs. */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../shared/protocol';
import { JobDispatcher } from './jobs/dispatcher';
import { jobHandlers } from './jobs/handlers';

const port = parentPort;
if (!port) throw new Error('the engine worker must be started as a worker thread');

const dispatcher = new JobDispatcher(jobHandlers, (message: WorkerMessage) => port.postMessage(message));
port.on('message', (data: unknown) => dispatcher.receive(data));
