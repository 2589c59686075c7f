/**
 * Every message that crosses a boundary: extension host ⇄ engine worker, and extension host ⇄ webviews.
 * Each direction has a parser that turns an untrusted value into a typed message or throws a ProtocolError.
 */
import { FieldReader } from './validate';

export { ProtocolError } from './validate';

// ── Data carried by messages ────────────────────────────────────────────────────────────────────────────

export interface ProviderInfo {
  name: string;
  available: boolean;
  detail: string;
}

export interface EngineInfo {
  engineVersion: string;
  onnxruntimeVersion: string;
  providers: ProviderInfo[];
}

export interface JobProgress {
  message: string;
  /** Share of the job done, 0 to 1, when the job can tell. */
  fraction?: number;
}

export type LogLevel = 'info' | 'warn' | 'error';
const LOG_LEVELS: readonly LogLevel[] = ['info', 'warn', 'error'];

// ── Host → engine worker ─────────────────────────────────────────────────────────────────────────────────

/** Every job the worker runs: the request that starts it (less its id) and what it yields. */
export interface Jobs {
  engineInfo: { request: { kind: 'engineInfo' }; result: EngineInfo };
}

export type JobKind = keyof Jobs;
export type JobRequest<K extends JobKind = JobKind> = Jobs[K]['request'] & { id: number };
export type JobResult<K extends JobKind> = Jobs[K]['result'];

export interface CancelRequest {
  kind: 'cancel';
  /** The id of the job to stop. */
  id: number;
}

export type WorkerRequest = JobRequest | CancelRequest;

const jobRequestParsers: { [K in JobKind]: (message: FieldReader) => Jobs[K]['request'] } = {
  engineInfo: () => ({ kind: 'engineInfo' }),
};

const JOB_KINDS = Object.keys(jobRequestParsers) as JobKind[];

export function parseWorkerRequest(value: unknown): WorkerRequest {
  const message = new FieldReader(value, 'worker request');
  const kind = message.oneOf('kind', [...JOB_KINDS, 'cancel']);
  const id = message.id();
  if (kind === 'cancel') return { kind, id };
  return { ...jobRequestParsers[kind](message), id };
}

// ── Engine worker → host ─────────────────────────────────────────────────────────────────────────────────

export type WorkerMessage =
  /** A job finished; `result` is checked with parseJobResult by the side that knows the job's kind. */
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; message: string }
  | ({ kind: 'progress'; id: number } & JobProgress)
  /** Something worth telling the user that belongs to no job. */
  | { kind: 'log'; level: LogLevel; message: string };

export function parseWorkerMessage(value: unknown): WorkerMessage {
  const message = new FieldReader(value, 'worker message');
  const kind = message.oneOf('kind', ['result', 'error', 'progress', 'log']);
  switch (kind) {
    case 'result':
      return { kind, id: message.id(), result: message.unknown('result') };
    case 'error':
      return { kind, id: message.id(), message: message.string('message') };
    case 'progress': {
      const fraction = message.optional('fraction', message.number);
      return { kind, id: message.id(), message: message.string('message'), ...(fraction === undefined ? {} : { fraction }) };
    }
    case 'log':
      return { kind, level: message.oneOf('level', LOG_LEVELS), message: message.string('message') };
  }
}

const jobResultParsers: { [K in JobKind]: (value: unknown, what: string) => JobResult<K> } = {
  engineInfo: parseEngineInfo,
};

export function parseJobResult<K extends JobKind>(kind: K, value: unknown): JobResult<K> {
  return jobResultParsers[kind](value, `${kind} result`);
}

function parseEngineInfo(value: unknown, what: string): EngineInfo {
  const info = new FieldReader(value, what);
  return {
    engineVersion: info.string('engineVersion'),
    onnxruntimeVersion: info.string('onnxruntimeVersion'),
    providers: info.array('providers', parseProviderInfo),
  };
}

function parseProviderInfo(value: unknown, what: string): ProviderInfo {
  const provider = new FieldReader(value, what);
  return { name: provider.string('name'), available: provider.boolean('available'), detail: provider.string('detail') };
}

// ── Engine-info panel: host → webview ────────────────────────────────────────────────────────────────────

export type ToEngineInfoView = { kind: 'engineInfo'; info: EngineInfo } | { kind: 'engineError'; message: string };

export function parseToEngineInfoView(value: unknown): ToEngineInfoView {
  const message = new FieldReader(value, 'engine-info view message');
  const kind = message.oneOf('kind', ['engineInfo', 'engineError']);
  if (kind === 'engineInfo') return { kind, info: parseEngineInfo(message.unknown('info'), 'engine-info view message.info') };
  return { kind, message: message.string('message') };
}

// ── Engine-info panel: webview → host ────────────────────────────────────────────────────────────────────

/** `ready`: the webview has loaded and listens; the host answers with the engine info. */
export type FromEngineInfoView = { kind: 'ready' };

export function parseFromEngineInfoView(value: unknown): FromEngineInfoView {
  const message = new FieldReader(value, 'engine-info panel message');
  return { kind: message.oneOf('kind', ['ready']) };
}
