/**
 * Every message that crosses a boundary: extension host ⇄ engine worker, and extension host ⇄ webviews.
 * Each direction has a parser that turns an untrusted value into a typed message or throws a ProtocolError.
 */
import { parseCompareResult, type CompareResult } from './compareData';
import {
  parseAttachSummary,
  parseLatentDetail,
  parseLatentQuery,
  parseLatentRowsPage,
  parseSaeOverview,
  type AttachSummary,
  type LatentDetail,
  type LatentQuery,
  type LatentRowsPage,
  type SaeOverview,
} from './saeData';
import { parseTrainOutcome, parseTrainPoint, parseTrainSettings, type TrainOutcome, type TrainPoint, type TrainSettings } from './trainData';
import { FieldReader } from './validate';

export { ProtocolError } from './validate';
export * from './chartExport';
export * from './compareData';
export * from './compareMessages';
export * from './inspectorMessages';
export * from './runMessages';
export * from './saeData';
export * from './trainData';

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
  /** A training job's latest report, for live charts. */
  point?: TrainPoint;
}

/** Settings the host starts the worker with (VS Code's saescope.* settings). */
export interface EngineSettings {
  /** ORT intra-op threads; 0 lets ORT choose. */
  threads: number;
  executionProvider: 'cpu' | 'cuda';
}

export function parseEngineSettings(value: unknown): EngineSettings {
  const settings = new FieldReader(value ?? { threads: 0, executionProvider: 'cpu' }, 'engine settings');
  return { threads: settings.integer('threads'), executionProvider: settings.oneOf('executionProvider', ['cpu', 'cuda']) };
}

export type LogLevel = 'info' | 'warn' | 'error';
const LOG_LEVELS: readonly LogLevel[] = ['info', 'warn', 'error'];

// ── Host → engine worker ─────────────────────────────────────────────────────────────────────────────────

/** Every job the worker runs: the request that starts it (less its id) and what it yields. */
export interface Jobs {
  engineInfo: { request: { kind: 'engineInfo' }; result: EngineInfo };
  /** Loads an SAE (file or folder) and keeps it in the worker under the returned handle. */
  inspectSae: { request: { kind: 'inspectSae'; path: string }; result: SaeOverview };
  /** Computes every latent's nearest latent by decoder cosine (slow for wide SAEs, so apart from inspectSae). */
  nearestLatents: { request: { kind: 'nearestLatents'; handle: number }; result: { computed: number } };
  latentRows: { request: { kind: 'latentRows'; handle: number; query: LatentQuery }; result: LatentRowsPage };
  latentPage: { request: { kind: 'latentPage'; handle: number; latent: number }; result: LatentDetail };
  /**
   * Runs the SAE over `rows` rows of a source, keeping per-latent max, histogram and top examples; `tokens` (a .npy
   * of token ids, one per row) and `vocabulary` (JSON) show the examples in context.
   */
  attachData: {
    request: { kind: 'attachData'; handle: number; source: string; rows: number; tokens?: string; vocabulary?: string };
    result: AttachSummary;
  };
  releaseSae: { request: { kind: 'releaseSae'; handle: number }; result: { released: boolean } };
  /** Trains into `out` (a SAELens folder) and `out`-checkpoints; progress events carry TrainPoints. */
  trainSae: { request: { kind: 'trainSae'; settings: TrainSettings; out: string }; result: TrainOutcome };
  compareSaes: {
    request: { kind: 'compareSaes'; a: string; b: string; threshold: number; data: string; rows: number };
    result: CompareResult;
  };
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
  inspectSae: (m) => ({ kind: 'inspectSae', path: m.string('path') }),
  nearestLatents: (m) => ({ kind: 'nearestLatents', handle: m.id('handle') }),
  latentRows: (m) => ({ kind: 'latentRows', handle: m.id('handle'), query: m.object('query', parseLatentQuery) }),
  latentPage: (m) => ({ kind: 'latentPage', handle: m.id('handle'), latent: m.integer('latent') }),
  attachData: (m) => {
    const tokens = m.optional('tokens', m.string);
    const vocabulary = m.optional('vocabulary', m.string);
    return { kind: 'attachData', handle: m.id('handle'), source: m.string('source'), rows: m.integer('rows', 1), ...(tokens ? { tokens } : {}), ...(vocabulary ? { vocabulary } : {}) };
  },
  releaseSae: (m) => ({ kind: 'releaseSae', handle: m.id('handle') }),
  trainSae: (m) => ({ kind: 'trainSae', settings: m.object('settings', parseTrainSettings), out: m.string('out') }),
  compareSaes: (m) => ({
    kind: 'compareSaes',
    a: m.string('a'),
    b: m.string('b'),
    threshold: m.number('threshold'),
    data: m.string('data'),
    rows: m.integer('rows', 1),
  }),
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
      const point = message.optional('point', (key) => message.object(key, parseTrainPoint));
      return {
        kind,
        id: message.id(),
        message: message.string('message'),
        ...(fraction === undefined ? {} : { fraction }),
        ...(point === undefined ? {} : { point }),
      };
    }
    case 'log':
      return { kind, level: message.oneOf('level', LOG_LEVELS), message: message.string('message') };
  }
}

const jobResultParsers: { [K in JobKind]: (value: unknown, what: string) => JobResult<K> } = {
  engineInfo: parseEngineInfo,
  inspectSae: parseSaeOverview,
  nearestLatents: (value, what) => ({ computed: new FieldReader(value, what).integer('computed') }),
  latentRows: parseLatentRowsPage,
  latentPage: parseLatentDetail,
  attachData: parseAttachSummary,
  releaseSae: (value, what) => ({ released: new FieldReader(value, what).boolean('released') }),
  trainSae: parseTrainOutcome,
  compareSaes: parseCompareResult,
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
