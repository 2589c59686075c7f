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
import { parseL0SweepOutcome, parseL0SweepRow, parseL0SweepSettings, parseL0SweepStart, type L0SweepOutcome, type L0SweepRow, type L0SweepSettings, type L0SweepStart } from './l0Data';
import { parseHedgingOutcome, parseHedgingPart, parseHedgingSettings, type HedgingOutcome, type HedgingPart, type HedgingSettings } from './hedgingData';
import { parseAlignOutcome, parseAlignSettings, type AlignOutcome, type AlignSettings } from './alignData';
import {
  parseCheckpointLlc,
  parseInfluenceOutcome,
  parseInfluenceSettings,
  parseLlcOutcome,
  parseLlcSettings,
  type CheckpointLlcView,
  type InfluenceOutcome,
  type InfluenceSettings,
  type LlcOutcome,
  type LlcSettings,
} from './dynamicsData';
import { parseLabOutcome, parseLabSettings, type LabOutcome, type LabSettings } from './labData';
import {
  parseCheckpointEntry,
  parseToyPresetList,
  parseToyRecord,
  parseToyTrainOutcome,
  parseToyTrainSettings,
  type CheckpointEntry,
  type ToyPresetInfo,
  type ToyRecord,
  type ToyTrainOutcome,
  type ToyTrainSettings,
} from './toyTrainData';
import { FieldReader } from './validate';

export { ProtocolError } from './validate';
export * from './alignData';
export * from './alignMessages';
export * from './chartExport';
export * from './compareData';
export * from './compareMessages';
export * from './dynamicsData';
export * from './dynamicsMessages';
export * from './hedgingData';
export * from './hedgingMessages';
export * from './inspectorMessages';
export * from './l0Data';
export * from './l0Messages';
export * from './labData';
export * from './labMessages';
export * from './runMessages';
export * from './saeData';
export * from './toyTrainData';
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
  /** An L0 sweep's shape, once its data is open. */
  l0Start?: L0SweepStart;
  /** An L0 sweep's SAE that just finished. */
  l0Row?: L0SweepRow;
  /** A hedging job's part that just finished (a toy, or the γ sweep so far). */
  hedgingPart?: HedgingPart;
  /** A toy model's record, as soon as it is measured. */
  record?: ToyRecord;
  /** A checkpoint a training job has just written in full. */
  checkpoint?: CheckpointEntry;
  /** An LLC job's estimate at one checkpoint of a run, as soon as it is done. */
  llcCheckpoint?: CheckpointLlcView;
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
  /** Sparse but Wrong's L0 sweep: progress events carry `l0Start` once, then each finished SAE as `l0Row`. */
  l0Sweep: { request: { kind: 'l0Sweep'; settings: L0SweepSettings }; result: L0SweepOutcome };
  /** Feature-hedging diagnostics; each finished part streams as a progress event with `hedgingPart`. */
  hedging: { request: { kind: 'hedging'; settings: HedgingSettings }; result: HedgingOutcome };
  /** The toy-model presets with their one-line summaries and defaults. */
  toyModelPresets: { request: { kind: 'toyModelPresets' }; result: ToyPresetInfo[] };
  /**
   * Trains a toy model, checkpointing into `outDir`; progress events carry each `record` and `checkpoint`. Cancelled,
   * it still answers with what it did (the checkpoints written so far).
   */
  trainToyModel: { request: { kind: 'trainToyModel'; settings: ToyTrainSettings; outDir: string }; result: ToyTrainOutcome };
  /** Alignment of two models before and after SAE disentanglement (Longon et al.); progress carries a fraction. */
  alignModels: { request: { kind: 'alignModels'; settings: AlignSettings }; result: AlignOutcome };
  /** The LLC of a regression family, or at a toy run's checkpoints (each streamed as `llcCheckpoint`); Cancel keeps the finished ones. */
  llc: { request: { kind: 'llc'; settings: LlcSettings }; result: LlcOutcome };
  /** Influence trajectories over a dln run's checkpoints; Cancel keeps the trajectories over the finished ones. */
  influence: { request: { kind: 'influence'; settings: InfluenceSettings }; result: InfluenceOutcome };
  /** The Dynamics lab: loss against time or width, or truth probes; cancelled, it answers with what finished. */
  lab: { request: { kind: 'lab'; settings: LabSettings }; result: LabOutcome };
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
  l0Sweep: (m) => ({ kind: 'l0Sweep', settings: m.object('settings', parseL0SweepSettings) }),
  hedging: (m) => ({ kind: 'hedging', settings: m.object('settings', parseHedgingSettings) }),
  toyModelPresets: () => ({ kind: 'toyModelPresets' }),
  trainToyModel: (m) => ({ kind: 'trainToyModel', settings: m.object('settings', parseToyTrainSettings), outDir: m.string('outDir') }),
  alignModels: (m) => ({ kind: 'alignModels', settings: m.object('settings', parseAlignSettings) }),
  llc: (m) => ({ kind: 'llc', settings: m.object('settings', parseLlcSettings) }),
  influence: (m) => ({ kind: 'influence', settings: m.object('settings', parseInfluenceSettings) }),
  lab: (m) => ({ kind: 'lab', settings: m.object('settings', parseLabSettings) }),
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
      const l0Start = message.optional('l0Start', (key) => message.object(key, parseL0SweepStart));
      const l0Row = message.optional('l0Row', (key) => message.object(key, parseL0SweepRow));
      const hedgingPart = message.optional('hedgingPart', (key) => message.object(key, parseHedgingPart));
      const record = message.optional('record', (key) => message.object(key, parseToyRecord));
      const checkpoint = message.optional('checkpoint', (key) => message.object(key, parseCheckpointEntry));
      const llcCheckpoint = message.optional('llcCheckpoint', (key) => message.object(key, parseCheckpointLlc));
      return {
        kind,
        id: message.id(),
        message: message.string('message'),
        ...(fraction === undefined ? {} : { fraction }),
        ...(point === undefined ? {} : { point }),
        ...(l0Start === undefined ? {} : { l0Start }),
        ...(l0Row === undefined ? {} : { l0Row }),
        ...(hedgingPart === undefined ? {} : { hedgingPart }),
        ...(record === undefined ? {} : { record }),
        ...(checkpoint === undefined ? {} : { checkpoint }),
        ...(llcCheckpoint === undefined ? {} : { llcCheckpoint }),
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
  l0Sweep: parseL0SweepOutcome,
  hedging: parseHedgingOutcome,
  toyModelPresets: parseToyPresetList,
  trainToyModel: parseToyTrainOutcome,
  alignModels: parseAlignOutcome,
  llc: parseLlcOutcome,
  influence: parseInfluenceOutcome,
  lab: parseLabOutcome,
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
