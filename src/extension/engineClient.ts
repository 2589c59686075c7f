import type { Worker } from 'node:worker_threads';
import {
  parseJobResult,
  parseWorkerMessage,
  type JobKind,
  type JobProgress,
  type JobResult,
  type Jobs,
  type LogLevel,
  type WorkerMessage,
  type WorkerRequest,
} from '../shared/protocol';

/** The part of vscode.CancellationToken the client needs, so the client runs without VS Code in tests. */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface EngineClientOptions {
  /** Starts a fresh engine worker thread; called on first use and again after the worker dies. */
  startWorker: () => Worker;
  log: (level: LogLevel, message: string) => void;
}

export interface RunOptions {
  token?: CancellationTokenLike;
  onProgress?: (progress: JobProgress) => void;
  /**
   * On cancel, wait for the job's own answer (its partial result, e.g. a training run with the checkpoints it
   * wrote) instead of rejecting at once; a job that fails after the cancel still rejects with JobCancelledError.
   */
  partialOnCancel?: boolean;
}

/** A job the user cancelled: callers usually ignore it rather than report it. */
export class JobCancelledError extends Error {
  constructor(kind: JobKind) {
    super(`${kind} was cancelled`);
    this.name = 'JobCancelledError';
  }
}

interface PendingJob {
  kind: JobKind;
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: JobProgress) => void;
  /** Set when a partialOnCancel job was cancelled and its answer is awaited. */
  cancelled?: boolean;
  /** Detaches the cancellation listener. */
  release(): void;
}

/** The extension host's handle on the engine worker: typed requests in, validated results out. */
export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, PendingJob>();

  constructor(private readonly options: EngineClientOptions) {}

  run<K extends JobKind>(request: Jobs[K]['request'] & { kind: K }, { token, onProgress, partialOnCancel }: RunOptions = {}): Promise<JobResult<K>> {
    if (token?.isCancellationRequested) return Promise.reject(new JobCancelledError(request.kind));
    const id = this.nextId++;
    return new Promise<JobResult<K>>((resolve, reject) => {
      const subscription = token?.onCancellationRequested(() => {
        const job = this.pending.get(id);
        if (!job) return;
        if (partialOnCancel) {
          job.cancelled = true;
          this.worker?.postMessage({ kind: 'cancel', id } satisfies WorkerRequest);
          return;
        }
        this.pending.delete(id);
        subscription?.dispose();
        this.worker?.postMessage({ kind: 'cancel', id } satisfies WorkerRequest);
        reject(new JobCancelledError(request.kind));
      });
      this.pending.set(id, {
        kind: request.kind,
        resolve: resolve as (result: unknown) => void,
        reject,
        onProgress,
        release: () => subscription?.dispose(),
      });
      try {
        this.ensureWorker().postMessage({ ...request, id } as WorkerRequest);
      } catch (e) {
        this.pending.delete(id);
        subscription?.dispose();
        reject(e as Error);
      }
    });
  }

  /** Stops the worker and fails every job still waiting. */
  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the engine was shut down'));
    void worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.options.startWorker();
    worker.on('message', (data: unknown) => this.receive(data));
    worker.on('error', (e) => this.options.log('error', `engine worker failed: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.options.log('warn', `engine worker stopped (exit code ${code}); it restarts on the next request`);
      this.failAll(new Error(`the engine stopped unexpectedly (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private receive(data: unknown): void {
    let message: WorkerMessage;
    try {
      message = parseWorkerMessage(data);
    } catch (e) {
      this.options.log('error', (e as Error).message);
      return;
    }
    if (message.kind === 'log') {
      this.options.log(message.level, message.message);
      return;
    }
    const job = this.pending.get(message.id);
    if (!job) return; // cancelled, or failed when an earlier worker died
    if (message.kind === 'progress') {
      const { kind: _kind, id: _id, ...progress } = message;
      job.onProgress?.(progress);
      return;
    }
    this.pending.delete(message.id);
    job.release();
    if (message.kind === 'error') {
      job.reject(job.cancelled ? new JobCancelledError(job.kind) : new Error(message.message));
      return;
    }
    try {
      job.resolve(parseJobResult(job.kind, message.result));
    } catch (e) {
      job.reject(e as Error);
    }
  }

  private failAll(error: Error): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) {
      job.release();
      job.reject(error);
    }
  }
}
