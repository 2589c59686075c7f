/**
 * Training-dynamics diagnostics as they cross boundaries: the LLC of a regression family or across a toy run's
 * checkpoints, and Bayesian influence trajectories over a deep-linear run (the engine's results in
 * src/engine/diagnostics/slt, stages and influence). Values the engine could not measure (a diverged chain's
 * trace, a correlation of a constant) are null: JSON has no NaN.
 */
import type { ResolvedSgldSettings } from '../engine/diagnostics/stages/checkpointLlc';
import { FieldReader, ProtocolError } from './validate';

export const LLC_MODELS = ['linear', 'rrr', 'normal-crossing', 'polynomial'] as const;
export type LlcModel = (typeof LLC_MODELS)[number];

/** `draws: null` takes the engine's defaults (the spec's validated settings of each family or preset). */
export type LlcSettings =
  /** A regression family fitted to its own synthetic data (x, y null) or to the user's .npy files. */
  | { mode: 'family'; model: LlcModel; x: string | null; y: string | null; draws: number | null; seed: number }
  /** λ̂ at the checkpoints (every `every`-th) of a toy run; `run` is the folder holding its step_<n>.safetensors. */
  | { mode: 'run'; run: string; draws: number | null; every: number; seed: number };

/** Influence trajectories over a `dln` run's checkpoints (`run`: the folder of step_<n>.safetensors). */
export interface InfluenceSettings {
  run: string;
  /** `source:target` item names, e.g. `dog:oak`. */
  pairs: string[];
  draws: number | null;
  /** Checkpoints at multiples of this many steps; null for all. */
  every: number | null;
  seed: number;
}

export interface LlcValue {
  mean: number;
  std: number;
  /** Each chain's λ̂_c; null for a chain that diverged. */
  perChain: (number | null)[];
}

/** The sampler's settings as the engine resolved them, without where the defaults came from. */
export type SamplerView = Omit<ResolvedSgldSettings, 'source'>;

/** nβ·(L_t − L(w*)) binned over draws: per chain, and mean ± std over chains. */
export interface LlcTraceView {
  draws: number[];
  perChain: (number | null)[][];
  mean: (number | null)[];
  std: (number | null)[];
}

export interface LlcHealthView {
  trace: LlcTraceView;
  flattened: boolean;
  lastQuarters: { third: number | null; fourth: number | null; change: number | null };
  /** Share of draws below L(w*); null when no chain finished. */
  negativeShare: number | null;
  /** Whether draws were full-data losses (only then does a draw below L(w*) mean lower loss). */
  fullBatch: boolean;
  divergences: { chain: number; step: number }[];
  warnings: string[];
}

export interface LlcEstimateView {
  llc: LlcValue;
  initLoss: number;
  fullLoss: number;
  rows: number;
  parameterCount: number;
  sampler: SamplerView;
  health: LlcHealthView;
}

export interface FamilyLlcView {
  model: LlcModel;
  data: { source: string; rows: number; inputDim: number; outputDim: number };
  fit: { method: string; loss: number };
  /** λ under the family's assumptions (null where they cannot be checked) and, where linear in its parameters, the localised quadratic value. */
  theory: { lambda: number | null; assumption: string; quadratic: number | null };
  estimate: LlcEstimateView;
}

export interface CheckpointLlcView {
  step: number;
  /** L_n(w*) over the training set. */
  loss: number | null;
  llc: LlcValue | null;
  initLoss: number | null;
  health: LlcHealthView | null;
  /** Why there is no estimate. */
  error: string | null;
}

export interface RunLlcView {
  run: string;
  preset: string;
  n: number;
  sampler: SamplerView & { source: string };
  curve: { key: string; steps: number[]; values: number[] };
  stages: { window: number; fraction: number; threshold: number; boundaries: { index: number; step: number; score: number }[] };
  checkpoints: CheckpointLlcView[];
  freeEnergy: {
    n: number;
    sign: string;
    stages: { stage: number; fromStep: number; toStep: number | null; checkpoints: number; loss: number | null; llc: number | null }[];
    transitions: { from: number; to: number; step: number; deltaF: number | null }[];
  };
  grokking: {
    memorised: { index: number; step: number } | null;
    generalised: { index: number; step: number } | null;
    gap: number | null;
    kept: boolean;
    reason: string | null;
    deltaF: number | null;
  } | null;
}

/** The whole result of an LLC job; `cancelled` when stopped by the user (a run then holds the checkpoints that finished). */
export type LlcOutcome = { mode: 'family'; cancelled: boolean; family: FamilyLlcView | null } | { mode: 'run'; cancelled: boolean; run: RunLlcView };

export type InfluenceSign = 'helpful' | 'harmful' | 'neutral';

export interface PairTrajectoryView {
  pair: string;
  source: string;
  target: string;
  steps: number[];
  /** Pearson correlation of the two loss traces per checkpoint (> 0 helpful, < 0 harmful). */
  correlation: (number | null)[];
  /** BIF = −Cov(ℓ_source, ℓ_target). */
  bif: (number | null)[];
  /** The first-order proxy cos(∇ℓ_source, ∇ℓ_target). */
  proxyCorrelation: (number | null)[] | null;
  proxyAgreement: { compared: number; agreeing: number } | null;
  marks: {
    signs: InfluenceSign[];
    flips: { fromStep: number; step: number; to: 'helpful' | 'harmful' }[];
    peaks: { step: number; correlation: number; sign: 'helpful' | 'harmful'; segment: [number, number] }[];
    harmfulOnset: number | null;
  };
  stageOverlay: { kind: 'flip' | 'peak'; step: number; boundary: number | null; distance: number | null }[];
}

export interface InfluenceView {
  run: string;
  preset: string;
  samples: string[];
  sampler: Omit<SamplerView, 'batch'> & { reduction: 'stack' | 'mean' };
  checkpoints: { step: number; divergedChains: number[] }[];
  pairs: PairTrajectoryView[];
  stages: { source: 'given' | 'loss-drop'; boundaries: number[] };
  /** The run's training loss, the curve the stage boundaries come from. */
  curve: { key: string; steps: number[]; values: number[] };
}

export interface InfluenceOutcome {
  cancelled: boolean;
  trajectories: InfluenceView;
}

/** metrics.json of a saved LLC run (params.json beside it holds the settings). */
export interface LlcRunRecord {
  kind: 'llc';
  id: string;
  settings: LlcSettings;
  startedAt: string;
  seconds: number;
  outcome: LlcOutcome;
}

export interface InfluenceRunRecord {
  kind: 'influence';
  id: string;
  settings: InfluenceSettings;
  startedAt: string;
  seconds: number;
  outcome: InfluenceOutcome;
}

export type DynamicsRunRecord = LlcRunRecord | InfluenceRunRecord;

// ── Parsers ────────────────────────────────────────────────────────────────────────────────────────────────

const nullableDraws = (r: FieldReader) => (r.isNull('draws') ? null : r.integer('draws', 1));

export function parseLlcSettings(value: unknown, what: string): LlcSettings {
  const r = new FieldReader(value, what);
  const mode = r.oneOf('mode', ['family', 'run']);
  if (mode === 'run') return { mode, run: r.string('run'), draws: nullableDraws(r), every: r.integer('every', 1), seed: r.integer('seed') };
  const x = r.isNull('x') ? null : r.string('x');
  const y = r.isNull('y') ? null : r.string('y');
  if ((x === null) !== (y === null)) throw r.complaintAbout('y', 'x and y go together: both files, or neither for the built-in data');
  return { mode, model: r.oneOf('model', LLC_MODELS), x, y, draws: nullableDraws(r), seed: r.integer('seed') };
}

export function parseInfluenceSettings(value: unknown, what: string): InfluenceSettings {
  const r = new FieldReader(value, what);
  const pairs = r.strings('pairs');
  if (pairs.length === 0) throw r.complaintAbout('pairs', 'must name at least one pair');
  const bad = pairs.find((p) => !/^[^:,\s]+:[^:,\s]+$/.test(p));
  if (bad !== undefined) throw r.complaintAbout('pairs', `must be source:target item names, got ${JSON.stringify(bad)}`);
  return { run: r.string('run'), pairs, draws: nullableDraws(r), every: r.isNull('every') ? null : r.integer('every', 1), seed: r.integer('seed') };
}

/** An array of numbers where null stands for a value that could not be measured. */
function nullableNumberList(value: unknown, what: string): (number | null)[] {
  if (!Array.isArray(value)) throw new ProtocolError(`${what} must be an array`);
  return value.map((item, i) => {
    if (item === null) return null;
    if (typeof item !== 'number' || !Number.isFinite(item)) throw new ProtocolError(`${what}[${i}] must be a finite number or null`);
    return item;
  });
}

const nullableNumbers = (r: FieldReader, key: string) => r.object(key, nullableNumberList);

const nullable = (r: FieldReader, key: string) => (r.isNull(key) ? null : r.number(key));
const nullableString = (r: FieldReader, key: string) => (r.isNull(key) ? null : r.string(key));

function parseLlcValue(value: unknown, what: string): LlcValue {
  const r = new FieldReader(value, what);
  return { mean: r.number('mean'), std: r.number('std'), perChain: nullableNumbers(r, 'perChain') };
}

function parseSampler(r: FieldReader): SamplerView {
  return {
    epsilon: r.number('epsilon'),
    localization: r.number('localization'),
    nbeta: r.number('nbeta'),
    chains: r.integer('chains', 1),
    draws: r.integer('draws', 1),
    burnIn: r.integer('burnIn'),
    batch: r.integer('batch', 1),
    seed: r.integer('seed'),
  };
}

function parseTrace(value: unknown, what: string): LlcTraceView {
  const r = new FieldReader(value, what);
  const trace = {
    draws: r.numbers('draws'),
    perChain: r.array('perChain', nullableNumberList),
    mean: nullableNumbers(r, 'mean'),
    std: nullableNumbers(r, 'std'),
  };
  const n = trace.draws.length;
  if (trace.mean.length !== n || trace.std.length !== n || trace.perChain.some((c) => c.length !== n)) throw r.complaintAbout('draws', 'every series of the trace needs one value per bin');
  return trace;
}

export function parseLlcHealth(value: unknown, what: string): LlcHealthView {
  const r = new FieldReader(value, what);
  return {
    trace: r.object('trace', parseTrace),
    flattened: r.boolean('flattened'),
    lastQuarters: r.object('lastQuarters', (v, w) => {
      const q = new FieldReader(v, w);
      return { third: nullable(q, 'third'), fourth: nullable(q, 'fourth'), change: nullable(q, 'change') };
    }),
    negativeShare: nullable(r, 'negativeShare'),
    fullBatch: r.boolean('fullBatch'),
    divergences: r.array('divergences', (v, w) => {
      const d = new FieldReader(v, w);
      return { chain: d.integer('chain'), step: d.integer('step') };
    }),
    warnings: r.strings('warnings'),
  };
}

function parseEstimate(value: unknown, what: string): LlcEstimateView {
  const r = new FieldReader(value, what);
  return {
    llc: r.object('llc', parseLlcValue),
    initLoss: r.number('initLoss'),
    fullLoss: r.number('fullLoss'),
    rows: r.integer('rows', 1),
    parameterCount: r.integer('parameterCount', 1),
    sampler: r.object('sampler', (v, w) => parseSampler(new FieldReader(v, w))),
    health: r.object('health', parseLlcHealth),
  };
}

function parseFamily(value: unknown, what: string): FamilyLlcView {
  const r = new FieldReader(value, what);
  return {
    model: r.oneOf('model', LLC_MODELS),
    data: r.object('data', (v, w) => {
      const d = new FieldReader(v, w);
      return { source: d.string('source'), rows: d.integer('rows', 1), inputDim: d.integer('inputDim', 1), outputDim: d.integer('outputDim', 1) };
    }),
    fit: r.object('fit', (v, w) => {
      const f = new FieldReader(v, w);
      return { method: f.string('method'), loss: f.number('loss') };
    }),
    theory: r.object('theory', (v, w) => {
      const t = new FieldReader(v, w);
      return { lambda: nullable(t, 'lambda'), assumption: t.string('assumption'), quadratic: nullable(t, 'quadratic') };
    }),
    estimate: r.object('estimate', parseEstimate),
  };
}

export function parseCheckpointLlc(value: unknown, what: string): CheckpointLlcView {
  const r = new FieldReader(value, what);
  return {
    step: r.integer('step'),
    loss: nullable(r, 'loss'),
    llc: r.isNull('llc') ? null : r.object('llc', parseLlcValue),
    initLoss: nullable(r, 'initLoss'),
    health: r.isNull('health') ? null : r.object('health', parseLlcHealth),
    error: nullableString(r, 'error'),
  };
}

const checkpointRef = (r: FieldReader, key: string) =>
  r.isNull(key)
    ? null
    : r.object(key, (v, w) => {
        const c = new FieldReader(v, w);
        return { index: c.integer('index'), step: c.integer('step') };
      });

function parseRunLlc(value: unknown, what: string): RunLlcView {
  const r = new FieldReader(value, what);
  return {
    run: r.string('run'),
    preset: r.string('preset'),
    n: r.integer('n', 1),
    sampler: r.object('sampler', (v, w) => {
      const s = new FieldReader(v, w);
      return { ...parseSampler(s), source: s.string('source') };
    }),
    curve: r.object('curve', parseCurve),
    stages: r.object('stages', (v, w) => {
      const s = new FieldReader(v, w);
      return {
        window: s.integer('window', 1),
        fraction: s.number('fraction'),
        threshold: s.number('threshold'),
        boundaries: s.array('boundaries', (b, bw) => {
          const x = new FieldReader(b, bw);
          return { index: x.integer('index'), step: x.integer('step'), score: x.number('score') };
        }),
      };
    }),
    checkpoints: r.array('checkpoints', parseCheckpointLlc),
    freeEnergy: r.object('freeEnergy', (v, w) => {
      const f = new FieldReader(v, w);
      return {
        n: f.integer('n', 1),
        sign: f.string('sign'),
        stages: f.array('stages', (s, sw) => {
          const x = new FieldReader(s, sw);
          return { stage: x.integer('stage'), fromStep: x.integer('fromStep'), toStep: x.isNull('toStep') ? null : x.integer('toStep'), checkpoints: x.integer('checkpoints'), loss: nullable(x, 'loss'), llc: nullable(x, 'llc') };
        }),
        transitions: f.array('transitions', (t, tw) => {
          const x = new FieldReader(t, tw);
          return { from: x.integer('from'), to: x.integer('to'), step: x.integer('step'), deltaF: nullable(x, 'deltaF') };
        }),
      };
    }),
    grokking: r.isNull('grokking')
      ? null
      : r.object('grokking', (v, w) => {
          const g = new FieldReader(v, w);
          return { memorised: checkpointRef(g, 'memorised'), generalised: checkpointRef(g, 'generalised'), gap: nullable(g, 'gap'), kept: g.boolean('kept'), reason: nullableString(g, 'reason'), deltaF: nullable(g, 'deltaF') };
        }),
  };
}

function parseCurve(value: unknown, what: string): { key: string; steps: number[]; values: number[] } {
  const r = new FieldReader(value, what);
  const curve = { key: r.string('key'), steps: r.numbers('steps'), values: r.numbers('values') };
  if (curve.steps.length !== curve.values.length) throw r.complaintAbout('values', `has ${curve.values.length} values for ${curve.steps.length} steps`);
  return curve;
}

export function parseLlcOutcome(value: unknown, what: string): LlcOutcome {
  const r = new FieldReader(value, what);
  const mode = r.oneOf('mode', ['family', 'run']);
  const cancelled = r.boolean('cancelled');
  if (mode === 'family') return { mode, cancelled, family: r.isNull('family') ? null : r.object('family', parseFamily) };
  return { mode, cancelled, run: r.object('run', parseRunLlc) };
}

const SIGNS = ['helpful', 'harmful'] as const;

function parsePair(value: unknown, what: string): PairTrajectoryView {
  const r = new FieldReader(value, what);
  const pair: PairTrajectoryView = {
    pair: r.string('pair'),
    source: r.string('source'),
    target: r.string('target'),
    steps: r.numbers('steps'),
    correlation: nullableNumbers(r, 'correlation'),
    bif: nullableNumbers(r, 'bif'),
    proxyCorrelation: r.isNull('proxyCorrelation') ? null : nullableNumbers(r, 'proxyCorrelation'),
    proxyAgreement: r.isNull('proxyAgreement')
      ? null
      : r.object('proxyAgreement', (v, w) => {
          const a = new FieldReader(v, w);
          return { compared: a.integer('compared'), agreeing: a.integer('agreeing') };
        }),
    marks: r.object('marks', (v, w) => {
      const m = new FieldReader(v, w);
      return {
        signs: m.array('signs', (s, sw) => {
          if (s !== 'helpful' && s !== 'harmful' && s !== 'neutral') throw new ProtocolError(`${sw} must be "helpful", "harmful" or "neutral"`);
          return s as InfluenceSign;
        }),
        flips: m.array('flips', (f, fw) => {
          const x = new FieldReader(f, fw);
          return { fromStep: x.integer('fromStep'), step: x.integer('step'), to: x.oneOf('to', SIGNS) };
        }),
        peaks: m.array('peaks', (p, pw) => {
          const x = new FieldReader(p, pw);
          const segment = x.numbers('segment');
          if (segment.length !== 2) throw x.complaintAbout('segment', 'must be [first step, last step]');
          return { step: x.integer('step'), correlation: x.number('correlation'), sign: x.oneOf('sign', SIGNS), segment: [segment[0], segment[1]] as [number, number] };
        }),
        harmfulOnset: nullable(m, 'harmfulOnset'),
      };
    }),
    stageOverlay: r.array('stageOverlay', (o, ow) => {
      const x = new FieldReader(o, ow);
      return { kind: x.oneOf('kind', ['flip', 'peak']), step: x.integer('step'), boundary: nullable(x, 'boundary'), distance: nullable(x, 'distance') };
    }),
  };
  const n = pair.steps.length;
  if (pair.correlation.length !== n || pair.bif.length !== n || (pair.proxyCorrelation && pair.proxyCorrelation.length !== n)) throw r.complaintAbout('steps', 'every series of a trajectory needs one value per checkpoint');
  return pair;
}

function parseInfluenceView(value: unknown, what: string): InfluenceView {
  const r = new FieldReader(value, what);
  return {
    run: r.string('run'),
    preset: r.string('preset'),
    samples: r.strings('samples'),
    sampler: r.object('sampler', (v, w) => {
      const s = new FieldReader(v, w);
      return {
        epsilon: s.number('epsilon'),
        localization: s.number('localization'),
        nbeta: s.number('nbeta'),
        chains: s.integer('chains', 1),
        draws: s.integer('draws', 1),
        burnIn: s.integer('burnIn'),
        seed: s.integer('seed'),
        reduction: s.oneOf('reduction', ['stack', 'mean']),
      };
    }),
    checkpoints: r.array('checkpoints', (v, w) => {
      const c = new FieldReader(v, w);
      return { step: c.integer('step'), divergedChains: c.numbers('divergedChains') };
    }),
    pairs: r.array('pairs', parsePair),
    stages: r.object('stages', (v, w) => {
      const s = new FieldReader(v, w);
      return { source: s.oneOf('source', ['given', 'loss-drop']), boundaries: s.numbers('boundaries') };
    }),
    curve: r.object('curve', parseCurve),
  };
}

export function parseInfluenceOutcome(value: unknown, what: string): InfluenceOutcome {
  const r = new FieldReader(value, what);
  return { cancelled: r.boolean('cancelled'), trajectories: r.object('trajectories', parseInfluenceView) };
}

export function parseDynamicsRunRecord(value: unknown, what: string): DynamicsRunRecord {
  const r = new FieldReader(value, what);
  const kind = r.oneOf('kind', ['llc', 'influence']);
  const common = { id: r.string('id'), startedAt: r.string('startedAt'), seconds: r.number('seconds') };
  if (kind === 'llc') return { kind, ...common, settings: r.object('settings', parseLlcSettings), outcome: r.object('outcome', parseLlcOutcome) };
  return { kind, ...common, settings: r.object('settings', parseInfluenceSettings), outcome: r.object('outcome', parseInfluenceOutcome) };
}
