import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelCheckpoint, loadModelCheckpoint } from '../../toys/models/checkpoint';
import { ModelRecord } from '../../toys/models/types';

/** A saved toy-model run: the folder `saescope toy <preset> --out <dir>` wrote, its checkpoints oldest first. */
export interface ToyRun {
  dir: string;
  preset: string;
  config: Record<string, number | string | boolean>;
  checkpoints: { file: string; checkpoint: ModelCheckpoint }[];
  /** Every record up to the last checkpoint (each checkpoint holds the records up to its step). */
  records: ModelRecord[];
}

const CHECKPOINT = /^step_(\d+)\.safetensors$/;

/**
 * Reads every `step_<n>.safetensors` of a run folder. The checkpoints must come from one run: one preset and
 * one configuration (seed included), or the error names the file that differs.
 */
export async function readToyRun(dir: string): Promise<ToyRun> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${dir}: not a folder (a toy run is the folder given to 'saescope toy <preset> --out')`);
  const names = (await readdir(dir)).filter((name) => CHECKPOINT.test(name));
  if (names.length === 0) throw new Error(`${dir}: no toy-model checkpoints (step_<n>.safetensors); write them with 'saescope toy <preset> --out ${dir} --checkpoint-every N'`);
  const steps = names.map((name) => Number(CHECKPOINT.exec(name)![1]));
  const order = names.map((_, i) => i).sort((a, b) => steps[a] - steps[b]);
  const checkpoints = [];
  for (const i of order) {
    const file = join(dir, names[i]);
    checkpoints.push({ file, checkpoint: await loadModelCheckpoint(file) });
  }
  const first = checkpoints[0];
  for (const { file, checkpoint } of checkpoints) {
    if (checkpoint.preset !== first.checkpoint.preset) throw new Error(`${file}: preset ${checkpoint.preset}, but ${first.file} is ${first.checkpoint.preset}; a run folder holds one run`);
    if (JSON.stringify(checkpoint.config) !== JSON.stringify(first.checkpoint.config)) throw new Error(`${file}: its configuration differs from ${first.file}'s; a run folder holds one run`);
  }
  const last = checkpoints[checkpoints.length - 1].checkpoint;
  return { dir, preset: first.checkpoint.preset, config: first.checkpoint.config, checkpoints, records: last.records };
}

/** The values of one record key over the run, with their steps (records without the key are skipped). */
export function recordCurve(run: ToyRun, key: string): { steps: number[]; values: number[] } {
  const kept = run.records.filter((r) => typeof r[key] === 'number' && Number.isFinite(r[key]));
  if (kept.length === 0) {
    const keys = [...new Set(run.records.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'step');
    throw new Error(`${run.dir}: the run's records have no '${key}'; they have ${keys.join(', ') || 'nothing'}`);
  }
  return { steps: kept.map((r) => r.step), values: kept.map((r) => r[key]) };
}

/** The record at exactly `step`, or an error naming the checkpoint. */
export function recordAt(run: ToyRun, step: number, file: string): ModelRecord {
  const record = run.records.find((r) => r.step === step);
  if (!record) throw new Error(`${file}: the run has no record at step ${step}; save checkpoints at steps where the preset records (its recordEvery / evalEvery)`);
  return record;
}
