/**
 * trainToyModel: a toy-model preset trained with the user's overrides, each record and checkpoint streamed as it
 * comes. Cancelled, the preset stops after its current step, saves that step, and the job still answers with what
 * it did; checkpoints are written atomically, so none is ever half a file.
 */
import { dirname, relative } from 'node:path';
import { checkpointStep, type ToyPresetInfo, type ToyRecord, type ToyTrainOutcome } from '../../shared/protocol';
import { TOY_MODEL_PRESETS, toyModelPreset } from '../toys/models/registry';
import type { ModelRecord } from '../toys/models/types';
import type { JobHandlers } from './dispatcher';

export const toyPresetsHandler: JobHandlers['toyModelPresets'] = async () => TOY_MODEL_PRESETS.map(presetInfo);

export function presetInfo(preset: (typeof TOY_MODEL_PRESETS)[number]): ToyPresetInfo {
  const steps = preset.defaults.steps;
  return { name: preset.name, summary: preset.summary, defaultSteps: typeof steps === 'number' ? steps : 1000, defaults: { ...preset.defaults } };
}

export const toyTrainHandler: JobHandlers['trainToyModel'] = async ({ settings, outDir }, { signal, progress }) => {
  const preset = toyModelPreset(settings.preset);
  // Checkpoint paths are given relative to the run folder, the parent of outDir.
  const inRun = (file: string) => relative(dirname(outDir), file);
  const run = await preset.train({
    steps: settings.steps,
    seed: settings.seed,
    overrides: settings.overrides,
    signal,
    outDir,
    ...(settings.checkpointEvery === null ? {} : { checkpointEvery: settings.checkpointEvery }),
    log: (line) => progress({ message: line }),
    onRecord: (record) => progress({ message: `step ${record.step}/${settings.steps}`, fraction: record.step / settings.steps, record: finiteRecord(record) }),
    onCheckpoint: (file, step) => progress({ message: `checkpoint ${inRun(file)}`, checkpoint: { step, path: inRun(file) } }),
  });
  const outcome: ToyTrainOutcome = {
    cancelled: run.cancelled,
    steps: run.steps,
    config: run.config,
    records: run.records.map(finiteRecord),
    checkpoints: run.checkpoints.map((file) => ({ step: checkpointStep(file), path: inRun(file) })),
  };
  return outcome;
};

/** JSON has no NaN: a metric a record could not measure (a probe on one class, …) is left out of it. */
export function finiteRecord(record: ModelRecord): ToyRecord {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => Number.isFinite(value))) as ToyRecord;
}
