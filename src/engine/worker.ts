/** Entry point of the engine's worker thread: the extension host starts it with its settings and sends it jobs. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseEngineSettings, type WorkerMessage } from '../shared/protocol';
import { JobDispatcher } from './jobs/dispatcher';
import { createJobHandlers } from './jobs/handlers';

const port = parentPort;
if (!port) throw new Error('the engine worker must be started as a worker thread');

const dispatcher = new JobDispatcher(createJobHandlers(parseEngineSettings(workerData)), (message: WorkerMessage) => port.postMessage(message));
port.on('message', (data: unknown) => dispatcher.receive(data));
