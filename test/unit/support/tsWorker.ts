import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from a TypeScript file. Node 20 does not apply `--import` loader hooks inside
 * worker threads, so the worker loads tsx's CommonJS hook with `--require` instead.
 */
export function startTsWorker(file: URL, workerData?: unknown): Worker {
  return new Worker(file, { execArgv: ['--require', 'tsx/cjs'], workerData });
}
