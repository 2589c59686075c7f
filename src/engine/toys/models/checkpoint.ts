import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { readSafetensors, writeSafetensors, type Tensor } from '../../io';
import { ModelRecord, NamedTensor } from './types';

export interface ModelCheckpoint {
  preset: string;
  step: number;
  config: Record<string, number | string | boolean>;
  params: Record<string, NamedTensor>;
  /** Records up to this step. */
  records: ModelRecord[];
}

/**
 * One checkpoint of a toy model: `<dir>/step_<n>.safetensors` holding the parameters (F32), with the preset,
 * step, config and records as JSON strings in `__metadata__`. Written atomically.
 */
export async function saveModelCheckpoint(dir: string, c: ModelCheckpoint): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `step_${c.step}.safetensors`);
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(c.params)) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.data };
  await writeSafetensors(file, tensors, {
    preset: c.preset,
    step: String(c.step),
    config: JSON.stringify(c.config),
    records: JSON.stringify(c.records),
  });
  return file;
}

export async function loadModelCheckpoint(file: string): Promise<ModelCheckpoint> {
  const { tensors, metadata } = await readSafetensors(file, { widen: true });
  const params: Record<string, NamedTensor> = {};
  for (const [name, t] of Object.entries(tensors)) params[name] = { shape: t.shape, data: t.data as Float32Array };
  const step = Number(metadata.step);
  if (!metadata.preset || !Number.isInteger(step)) throw new Error(`${file}: not a toy model checkpoint (no preset or step in its metadata)`);
  return {
    preset: metadata.preset,
    step,
    config: JSON.parse(metadata.config ?? '{}'),
    params,
    records: JSON.parse(metadata.records ?? '[]'),
  };
}
