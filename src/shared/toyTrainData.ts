/** A toy-model training run as it crosses boundaries: its settings, its records, its checkpoints, its saved record. */
import { FieldReader, ProtocolError } from './validate';

/** What the user chose in Train Toy Model…; everything else takes the preset's defaults. */
export interface ToyTrainSettings {
  preset: string;
  steps: number;
  seed: number;
  /** Preset numbers overridden by the user (`saescope toy --set`). */
  overrides: Record<string, number>;
  checkpointEvery: number | null;
}

/** One row of a toy model's record: the step and what the preset measured then (loss, accuracy, …). */
export interface ToyRecord {
  step: number;
  [metric: string]: number;
}

/** A checkpoint as written: its step and its path relative to the run folder. */
export interface CheckpointEntry {
  step: number;
  path: string;
}

export type ToyConfig = Record<string, number | string | boolean>;

/** A preset the Train Toy Model… pick offers. */
export interface ToyPresetInfo {
  name: string;
  summary: string;
  defaultSteps: number;
  defaults: ToyConfig;
}

export interface ToyTrainOutcome {
  cancelled: boolean;
  steps: number;
  /** The preset's defaults with the overrides, the steps and the seed. */
  config: ToyConfig;
  records: ToyRecord[];
  checkpoints: CheckpointEntry[];
}

/** metrics.json of a saved toy run. A cancelled run is saved too, with the checkpoints it wrote. */
export interface ToyRunRecord {
  kind: 'toy';
  id: string;
  settings: ToyTrainSettings;
  startedAt: string;
  seconds: number;
  cancelled: boolean;
  steps: number;
  config: ToyConfig;
  records: ToyRecord[];
  /** Checkpoint files, relative to the run folder. */
  checkpoints: string[];
}

/** The step of a checkpoint path named `…step_<n>` or `…step_<n>.safetensors` (both trainers' naming). */
export function checkpointStep(path: string): number {
  const match = /step_(\d+)(?:\.safetensors)?$/.exec(path);
  return match ? Number(match[1]) : Number.NaN;
}

export function parseToyTrainSettings(value: unknown, what: string): ToyTrainSettings {
  const r = new FieldReader(value, what);
  return {
    preset: r.string('preset'),
    steps: r.integer('steps', 1),
    seed: r.integer('seed'),
    overrides: numberRecord(r.unknown('overrides'), `${what}.overrides`),
    checkpointEvery: r.isNull('checkpointEvery') ? null : r.integer('checkpointEvery', 1),
  };
}

export function parseToyRecord(value: unknown, what: string): ToyRecord {
  const record = numberRecord(value, what);
  if (!Number.isSafeInteger(record.step) || record.step < 0) throw new ProtocolError(`${what}: field "step" must be an integer ≥ 0`);
  return record as ToyRecord;
}

export function parseCheckpointEntry(value: unknown, what: string): CheckpointEntry {
  const r = new FieldReader(value, what);
  return { step: r.integer('step'), path: r.string('path') };
}

export function parseToyPresetInfo(value: unknown, what: string): ToyPresetInfo {
  const r = new FieldReader(value, what);
  return { name: r.string('name'), summary: r.string('summary'), defaultSteps: r.integer('defaultSteps', 1), defaults: parseToyConfig(r.unknown('defaults'), `${what}.defaults`) };
}

export function parseToyPresetList(value: unknown, what: string): ToyPresetInfo[] {
  if (!Array.isArray(value)) throw new ProtocolError(`${what} must be an array`);
  return value.map((item, i) => parseToyPresetInfo(item, `${what}[${i}]`));
}

export function parseToyTrainOutcome(value: unknown, what: string): ToyTrainOutcome {
  const r = new FieldReader(value, what);
  return {
    cancelled: r.boolean('cancelled'),
    steps: r.integer('steps'),
    config: parseToyConfig(r.unknown('config'), `${what}.config`),
    records: r.array('records', parseToyRecord),
    checkpoints: r.array('checkpoints', parseCheckpointEntry),
  };
}

export function parseToyRunRecord(value: unknown, what: string): ToyRunRecord {
  const r = new FieldReader(value, what);
  return {
    kind: r.oneOf('kind', ['toy']),
    id: r.string('id'),
    settings: r.object('settings', parseToyTrainSettings),
    startedAt: r.string('startedAt'),
    seconds: r.number('seconds'),
    cancelled: r.boolean('cancelled'),
    steps: r.integer('steps'),
    config: parseToyConfig(r.unknown('config'), `${what}.config`),
    records: r.array('records', parseToyRecord),
    checkpoints: r.strings('checkpoints'),
  };
}

function parseToyConfig(value: unknown, what: string): ToyConfig {
  const config = plainObject(value, what);
  for (const [key, item] of Object.entries(config)) {
    const ok = typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item));
    if (!ok) throw new ProtocolError(`${what}: "${key}" must be a finite number, a string or a boolean`);
  }
  return config as ToyConfig;
}

function numberRecord(value: unknown, what: string): Record<string, number> {
  const record = plainObject(value, what);
  for (const [key, item] of Object.entries(record)) {
    if (typeof item !== 'number' || !Number.isFinite(item)) throw new ProtocolError(`${what}: "${key}" must be a finite number`);
  }
  return record as Record<string, number>;
}

function plainObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(`${what} must be an object`);
  return { ...(value as Record<string, unknown>) };
}
