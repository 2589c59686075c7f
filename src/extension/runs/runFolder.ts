/**
 * Saved training runs on disk, without VS Code: `<runs>/<id>/` holds params.json, metrics.json, the SAE as a
 * SAELens folder `sae/` and checkpoints `sae-checkpoints/step_<n>/`. A run is trained into a hidden staging
 * folder `<runs>/.staging-<id>/` and renamed into place only when complete, so a cancelled or failed run leaves
 * nothing under its final name and the staging folder is removed.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunRecord, parseTrainSettings, type RunRecord, type TrainSettings } from '../../shared/protocol';

export const PARAMS_FILE = 'params.json';
export const METRICS_FILE = 'metrics.json';
export const SAE_FOLDER = 'sae';
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
  const stamp = started.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  return `${stamp}-${settings.arch}-${settings.width}`;
}

export async function stageRun(runsDir: string, id: string, settings: TrainSettings): Promise<StagedRun> {
  const staging = join(runsDir, `${STAGING_PREFIX}${id}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeJson(join(staging, PARAMS_FILE), settings);
  return { id, staging, saeOut: join(staging, SAE_FOLDER), final: join(runsDir, id) };
}

/** Writes metrics.json and moves the finished run into place. */
export async function commitRun(run: StagedRun, record: RunRecord): Promise<string> {
  await writeJson(join(run.staging, METRICS_FILE), record);
  await rename(run.staging, run.final);
  return run.final;
}

export async function discardRun(run: StagedRun): Promise<void> {
  await rm(run.staging, { recursive: true, force: true });
}

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
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX))) await rm(join(runsDir, name), { recursive: true, force: true });
}

/** Complete runs, newest first; folders that do not read as runs are skipped. */
export async function listRuns(runsDir: string): Promise<RunRecord[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const runs: RunRecord[] = [];
  for (const name of names.filter((n) => !n.startsWith('.'))) {
    try {
      if ((await stat(join(runsDir, name))).isDirectory()) runs.push(await readRun(join(runsDir, name)));
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

/** Temp name, then rename: a reader never sees half a file. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, file);
}
