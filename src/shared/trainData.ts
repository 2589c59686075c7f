/** A training run as it crosses boundaries: the settings it starts from, its progress points, its saved record. */
import { FieldReader } from './validate';

export const TRAIN_ARCHITECTURES = ['standard', 'topk', 'batchtopk', 'jumprelu', 'matryoshka'] as const;
export type TrainArchitecture = (typeof TRAIN_ARCHITECTURES)[number];

/** What the user chose in Train SAE…; everything else takes the engine's defaults. */
export interface TrainSettings {
  data: string;
  arch: TrainArchitecture;
  width: number;
  /** TopK-style: latents per row; null for standard and jumprelu. */
  k: number | null;
  /** λ₁ (standard) or λ_s (jumprelu); null for TopK-style. */
  l1: number | null;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  evalRows: number;
  checkpointEvery: number | null;
}

/** One progress report of the trainer. */
export interface TrainPoint {
  step: number;
  totalSteps: number;
  loss: number;
  l0: number;
  explainedVariance: number;
  deadFraction: number;
  /** The loss's parts by name (mse, aux, l1, …), averaged since the previous report; absent in older runs. */
  parts?: Record<string, number>;
}

export interface MetricValue {
  id: string;
  label: string;
  value: number;
  formula: string;
}

export interface TrainOutcome {
  cancelled: boolean;
  steps: number;
  history: TrainPoint[];
  metrics: MetricValue[];
  /** Checkpoint folders, relative to the run folder. */
  checkpoints: string[];
}

/** metrics.json of a saved run, plus the id and params it was saved beside. */
export interface RunRecord {
  id: string;
  settings: TrainSettings;
  startedAt: string;
  seconds: number;
  history: TrainPoint[];
  metrics: MetricValue[];
  checkpoints: string[];
}

export function parseTrainSettings(value: unknown, what: string): TrainSettings {
  const r = new FieldReader(value, what);
  return {
    data: r.string('data'),
    arch: r.oneOf('arch', TRAIN_ARCHITECTURES),
    width: r.integer('width', 1),
    k: r.nullableNumber('k'),
    l1: r.nullableNumber('l1'),
    steps: r.integer('steps', 1),
    batch: r.integer('batch', 1),
    lr: r.number('lr'),
    seed: r.integer('seed'),
    evalRows: r.integer('evalRows', 1),
    checkpointEvery: r.isNull('checkpointEvery') ? null : r.integer('checkpointEvery', 1),
  };
}

export function parseTrainPoint(value: unknown, what: string): TrainPoint {
  const r = new FieldReader(value, what);
  return {
    step: r.integer('step'),
    totalSteps: r.integer('totalSteps'),
    loss: r.number('loss'),
    l0: r.number('l0'),
    explainedVariance: r.number('explainedVariance'),
    deadFraction: r.number('deadFraction'),
    ...(r.optional('parts', (key) => r.object(key, parseLossParts)) ?? {}),
  };
}

function parseLossParts(value: unknown, what: string): { parts: Record<string, number> } {
  const parts = new FieldReader(value, what);
  const names = Object.keys(value as object);
  return { parts: Object.fromEntries(names.map((name) => [name, parts.number(name)])) };
}

export function parseMetricValue(value: unknown, what: string): MetricValue {
  const r = new FieldReader(value, what);
  return { id: r.string('id'), label: r.string('label'), value: r.number('value'), formula: r.string('formula') };
}

export function parseTrainOutcome(value: unknown, what: string): TrainOutcome {
  const r = new FieldReader(value, what);
  return {
    cancelled: r.boolean('cancelled'),
    steps: r.integer('steps'),
    history: r.array('history', parseTrainPoint),
    metrics: r.array('metrics', parseMetricValue),
    checkpoints: r.strings('checkpoints'),
  };
}

export function parseRunRecord(value: unknown, what: string): RunRecord {
  const r = new FieldReader(value, what);
  return {
    id: r.string('id'),
    settings: r.object('settings', parseTrainSettings),
    startedAt: r.string('startedAt'),
    seconds: r.number('seconds'),
    history: r.array('history', parseTrainPoint),
    metrics: r.array('metrics', parseMetricValue),
    checkpoints: r.strings('checkpoints'),
  };
}
