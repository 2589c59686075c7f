import { rename, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openSafetensors, writeSafetensors, type Tensor } from '../io';
import { SaeBundle } from './bundle';
import { saveSaeLensFolder } from './formats/saelensWriter';
import { TrainerState } from './trainer';
import { SaeTrainingSpec } from './trainingSpec';

export const TRAINER_STATE_FILE = 'trainer_state.safetensors';
const STEP_FOLDER = /^step_(\d+)$/;

/**
 * A checkpoint is `<dir>/step_<n>/`: a SAELens folder of the training architecture (so SAELens can read the
 * weights) plus trainer_state.safetensors — every carried tensor of the training graph (Adam moments, step
 * counter, dead-latent counters, thresholds) and, in its metadata, the step and the training spec. It is
 * written under a temporary name and renamed, so a crash or cancel never leaves a partial `step_<n>`.
 */
export async function writeCheckpoint(dir: string, bundle: SaeBundle, state: TrainerState, spec: SaeTrainingSpec): Promise<string> {
  const folder = join(dir, `step_${state.step}`);
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  await saveSaeLensFolder(partial, bundle, { inference: false });
  const tensors: Record<string, Tensor> = {};
  for (const [name, data] of Object.entries(state.tensors)) tensors[name] = { dtype: 'F32', shape: [data.length], data };
  await writeSafetensors(join(partial, TRAINER_STATE_FILE), tensors, {
    step: String(state.step),
    activation_scale: String(state.activationScale),
    spec: JSON.stringify(spec),
  });
  await rm(folder, { recursive: true, force: true });
  await rename(partial, folder);
  return folder;
}

/** The newest complete checkpoint in `dir`, or undefined. */
export async function latestCheckpoint(dir: string): Promise<string | undefined> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const steps = entries.map((e) => STEP_FOLDER.exec(e)).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
  return steps.length ? join(dir, `step_${Math.max(...steps)}`) : undefined;
}

/** Reads a checkpoint's trainer state and the spec it was trained with. */
export async function readTrainerState(folder: string): Promise<{ state: TrainerState; spec: SaeTrainingSpec }> {
  const file = await openSafetensors(join(folder, TRAINER_STATE_FILE));
  try {
    const tensors: Record<string, Float32Array> = {};
    for (const t of file.tensors) tensors[t.name] = (await file.read(t.name)).data as Float32Array;
    const step = Number(file.metadata.step);
    const spec = JSON.parse(file.metadata.spec ?? 'null') as SaeTrainingSpec | null;
    if (!Number.isInteger(step) || !spec) throw new Error(`${folder}: trainer state has no step or spec in its metadata`);
    return { state: { step, tensors, activationScale: Number(file.metadata.activation_scale ?? 1) }, spec };
  } finally {
    await file.close();
  }
}
