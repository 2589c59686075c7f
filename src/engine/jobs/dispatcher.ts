import {
  parseWorkerRequest,
  type JobKind,
  type JobProgress,
  type JobRequest,
  type JobResult,
  type WorkerMessage,
  type WorkerRequest,
} from '../../shared/protocol';

export interface JobContext {
  /** Aborted when the host cancels the job; long jobs check it between steps. */
  signal: AbortSignal;
  progress(update: JobProgress): void;
}

export type JobHandler<K extends JobKind> = (request: JobRequest<K>, context: JobContext) => Promise<JobResult<K>>;
export type JobHandlers = { [K in JobKind]: JobHandler<K> };
/** Tests and stand-in workers run a few of the jobs; a request for another is answered with an error. */
export type SomeJobHandlers = Partial<JobHandlers>;

/** Runs the jobs the host asks for, one AbortController per running job, and posts back their outcome. */
export class JobDispatcher {
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly handlers: SomeJobHandlers,
    private readonly post: (message: WorkerMessage) => void,
  ) {}

  receive(data: unknown): void {
    let request: WorkerRequest;
    try {
      request = parseWorkerRequest(data);
    } catch (e) {
      this.post({ kind: 'log', level: 'error', message: `engine ignored a malformed request: ${errorMessage(e)}` });
      return;
    }
    if (request.kind === 'cancel') {
      this.running.get(request.id)?.abort();
    } else if (this.running.has(request.id)) {
      this.post({ kind: 'log', level: 'error', message: `engine ignored a second job with running id ${request.id}` });
    } else {
      void this.run(request);
    }
  }

  private async run<K extends JobKind>(request: JobRequest<K>): Promise<void> {
    const { id } = request;
    const controller = new AbortController();
    this.running.set(id, controller);
    const context: JobContext = {
      signal: controller.signal,
      progress: (update) => this.post({ kind: 'progress', id, ...update }),
    };
    try {
      const handler = this.handlers[request.kind as K] as JobHandler<K> | undefined;
      if (!handler) throw new Error(`this engine does not run ${request.kind} jobs`);
      // A job that answers after a cancel answers with its partial result (a cancelled training keeps its checkpoints).
      const result = await handler(request, context);
      this.post({ kind: 'result', id, result });
    } catch (e) {
      this.post({ kind: 'error', id, message: controller.signal.aborted ? 'cancelled' : errorMessage(e) });
    } finally {
      this.running.delete(id);
    }
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
