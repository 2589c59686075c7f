import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openSafetensors, sniffFormat } from '../../io';
import { loadModelCheckpoint } from '../../toys/models/checkpoint';
import { NamedTensor } from '../../toys/models/types';

/**
 * One side of an alignment comparison: what gives the representation of each stimulus.
 * - 'activations': a file of activations [rows, units] (`.npy`, `.safetensors`, `.safetensors#tensor`); row r of
 *   both sides must be the same stimulus.
 * - 'longon': a Longon et al. toy model (`longon-tms`); its representation of a stimulus x is h = ReLU(xW).
 */
export type ModelInput =
  | { kind: 'activations'; label: string; spec: string }
  | {
    kind: 'longon';
    label: string;
    /** W [features, hidden]. */
    W: NamedTensor;
    /** Rows the model was trained on (steps × batch), when known: the default SAE budget is 80% of them. */
    trainedRows?: number;
    /** The stream of stimuli it was trained on (`longonSampler(features, p, dataSeed)`), when known. */
    stream?: LongonStream;
  };

export interface LongonStream {
  p: number;
  dataSeed: number;
}

/**
 * What a command-line `<A>` / `<B>` names: a `longon-tms` checkpoint (a `.safetensors` file whose metadata
 * names that preset, as toy-model training writes), a toy run's folder (its last checkpoint), or else an
 * activation file.
 */
export async function resolveModelInput(spec: string): Promise<ModelInput> {
  if ((await stat(spec).catch(() => undefined))?.isDirectory()) {
    const input = await resolveModelInput(await lastCheckpoint(spec));
    return { ...input, label: spec };
  }
  if (/\.safetensors$/i.test(spec) && (await sniffFormat(spec)) === 'safetensors') {
    const file = await openSafetensors(spec);
    const preset = file.metadata.preset;
    await file.close();
    if (preset === 'longon-tms') {
      const checkpoint = await loadModelCheckpoint(spec);
      const W = checkpoint.params.W;
      if (!W || W.shape.length !== 2) throw new Error(`${spec}: a longon-tms checkpoint needs a 2-D tensor W`);
      const { steps, batch, p, dataSeed } = checkpoint.config;
      const trainedRows = typeof steps === 'number' && typeof batch === 'number' ? Math.min(checkpoint.step, steps) * batch : undefined;
      const stream = typeof p === 'number' && typeof dataSeed === 'number' ? { p, dataSeed } : undefined;
      return { kind: 'longon', label: spec, W, trainedRows, stream };
    }
    if (preset !== undefined) throw new Error(`${spec}: a checkpoint of the toy model '${preset}'; alignment reads longon-tms models or activation files`);
  }
  return { kind: 'activations', label: spec, spec };
}

const CHECKPOINT = /^step_(\d+)\.safetensors$/;

/** The newest `step_<n>.safetensors` of a toy run's folder: in it (`saescope toy --out`), or in its `checkpoints/` (a run the extension saved). */
async function lastCheckpoint(dir: string): Promise<string> {
  for (const folder of [dir, join(dir, 'checkpoints')]) {
    const names = await readdir(folder).catch(() => [] as string[]);
    const steps = names.flatMap((name) => {
      const m = CHECKPOINT.exec(name);
      return m ? [{ name, step: Number(m[1]) }] : [];
    });
    if (steps.length > 0) return join(folder, steps.reduce((a, b) => (b.step > a.step ? b : a)).name);
  }
  throw new Error(`${dir}: a folder, but no toy-model checkpoints (step_<n>.safetensors) in it or in its checkpoints/; give a longon-tms checkpoint, its run folder, or an activation file`);
}
