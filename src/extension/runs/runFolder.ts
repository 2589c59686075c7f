/**
 * Saved training runs on disk, without VS Code: `<runs>/<id>/` holds params.json, metrics.json, the SAE as a
 * SAELens folder `sae/` and checkpoints `sae-checkpoints/step_<n>/` (a toy model's run: `checkpoints/step_<n>.safetensors`,
 * and metrics.json has `"kind": "toy"`). A run is trained into a hidden staging
 * folder `<runs>/.staging-<id>/` and renamed into place only when complete, so a cancelled or failed run leaves
 * nothing under its final name and the staging folder is removed.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseRunRecord,
  parseToyRunRecord,
  parseToyTrainSettings,
  parseTrainSettings,
  type RunRecord,
  type ToyRunRecord,
  type ToyTrainSettings,
  type TrainSettings,
} from '../../shared/protocol';

export const PARAMS_FILE = 'params.json';
export const METRICS_FILE = 'metrics.json';
export const SAE_FOLDER = 'sae';
/** A toy model's checkpoints, inside its run folder. */
export const TOY_CHECKPOINTS_FOLDER = 'checkpoints';
const STAGING_PREFIX = '.staging-';

export interface StagedRun {
  id: string;
  staging: string;
  /** Where the engine writes the SAE (its checkpoints go beside it). */
  saeOut: string;
  final: string;
}

/** A sortable, readable id: the start time to the second, the architecture and width. */
export function runId(started: Date, settings: TrainSettings): string {
  return `${runStamp(started)}-${settings.arch}-${settings.width}`;
}

/** A toy run's id: the start time to the second, the preset and the steps. */
export function toyRunId(started: Date, settings: ToyTrainSettings): string {
  return `${runStamp(started)}-${settings.preset}-${settings.steps}`;
}

/** A saved run of either kind: an SAE's (RunRecord) or a toy model's (ToyRunRecord, `kind: 'toy'`). */
export type SavedRun = RunRecord | ToyRunRecord;

export const isToyRun = (run: SavedRun): run is ToyRunRecord => 'kind' in run && run.kind === 'toy';

/** The start time to the second, `YYYYMMDD-HHMMSS` (UTC): the sortable head of every run id. */
export function runStamp(started: Date): string {
  return started.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
}

/** `settings` becomes params.json: a training run's TrainSettings, or another job's parameters. */
export async function stageRun(runsDir: string, id: string, settings: TrainSettings | object): Promise<StagedRun> {
  const staging = join(runsDir, `${STAGING_PREFIX}${id}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  activeStaging.add(staging);
  await writeJson(join(staging, PARAMS_FILE), settings);
  return { id, staging, saeOut: join(staging, SAE_FOLDER), final: join(runsDir, id) };
}

/** Writes metrics.json and moves the finished run into place. */
export async function commitRun(run: StagedRun, record: RunRecord | object): Promise<string> {
  await writeJson(join(run.staging, METRICS_FILE), record);
  await rename(run.staging, run.final);
  activeStaging.delete(run.staging);
  return run.final;
}

export async function discardRun(run: StagedRun): Promise<void> {
  activeStaging.delete(run.staging);
  await rm(run.staging, { recursive: true, force: true });
}

/** Staging folders of runs still training in this process: a sweep must not take them from under a run. */
const activeStaging = new Set<string>();

/**
 * Removes staging folders left behind: a cancelled job may still finish writing a checkpoint after its
 * staging folder was discarded, so each new run sweeps them first.
 */
export async function sweepStaging(runsDir: string): Promise<void> {
  let names: string[] = [];
  try {
    names = await readdir(runsDir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX))) {
    const staging = join(runsDir, name);
    if (!activeStaging.has(staging)) await rm(staging, { recursive: true, force: true });
  }
}

/** Complete runs, newest first; folders that do not read as runs are skipped. */
export async function listRuns(runsDir: string): Promise<SavedRun[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const runs: SavedRun[] = [];
  for (const name of names.filter((n) => !n.startsWith('.'))) {
    try {
      if ((await stat(join(runsDir, name))).isDirectory()) runs.push(await readAnyRun(join(runsDir, name)));
    } catch {
      // not a run (or one written by a newer version): not listed
    }
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}

export async function readRun(folder: string): Promise<RunRecord> {
  const record = parseRunRecord(JSON.parse(await readFile(join(folder, METRICS_FILE), 'utf8')), `${folder}/${METRICS_FILE}`);
  const settings = parseTrainSettings(JSON.parse(await readFile(join(folder, PARAMS_FILE), 'utf8')), `${folder}/${PARAMS_FILE}`);
  return { ...record, settings };
}

/** A saved run of either kind, told apart by metrics.json's `kind`. */
export async function readAnyRun(folder: string): Promise<SavedRun> {
  const metrics = JSON.parse(await readFile(join(folder, METRICS_FILE), 'utf8')) as unknown;
  if (typeof metrics !== 'object' || metrics === null || (metrics as { kind?: unknown }).kind !== 'toy') return readRun(folder);
  const record = parseToyRunRecord(metrics, `${folder}/${METRICS_FILE}`);
  const settings = parseToyTrainSettings(JSON.parse(await readFile(join(folder, PARAMS_FILE), 'utf8')), `${folder}/${PARAMS_FILE}`);
  return { ...record, settings };
}

/** Temp name, then rename: a reader never sees half a file. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, file);
}
