/**
 * A toy-model run from start to saved folder, without VS Code: stage `<runs>/.staging-<id>/` with params.json,
 * train in the worker into its `checkpoints/`, then write metrics.json and rename it into place. A cancelled run is
 * saved too, with the checkpoints it wrote (the worker answers with them after the cancel); a failed one is removed.
 */
import { join } from 'node:path';
import type { JobProgress, ToyRunRecord, ToyTrainSettings } from '../../shared/protocol';
import type { CancellationTokenLike, EngineClient } from '../engineClient';
import { commitRun, discardRun, stageRun, sweepStaging, TOY_CHECKPOINTS_FOLDER, toyRunId } from './runFolder';

export interface ToyRunHooks {
  token?: CancellationTokenLike;
  /** Called once the staging folder exists, before training starts. */
  onStaged?: (id: string, staging: string) => void;
  onProgress?: (progress: JobProgress) => void;
}

export interface SavedToyRun {
  folder: string;
  record: ToyRunRecord;
}

export async function trainToyRun(client: EngineClient, runsDir: string, settings: ToyTrainSettings, started: Date, hooks: ToyRunHooks = {}): Promise<SavedToyRun> {
  const id = toyRunId(started, settings);
  await sweepStaging(runsDir);
  const staged = await stageRun(runsDir, id, settings);
  hooks.onStaged?.(id, staged.staging);
  const clock = performance.now();
  try {
    const outcome = await client.run(
      { kind: 'trainToyModel', settings, outDir: join(staged.staging, TOY_CHECKPOINTS_FOLDER) },
      { token: hooks.token, onProgress: hooks.onProgress, partialOnCancel: true },
    );
    const record: ToyRunRecord = {
      kind: 'toy',
      id,
      settings,
      startedAt: started.toISOString(),
      seconds: (performance.now() - clock) / 1000,
      cancelled: outcome.cancelled,
      steps: outcome.steps,
      config: outcome.config,
      records: outcome.records,
      checkpoints: outcome.checkpoints.map((c) => c.path),
    };
    return { folder: await commitRun(staged, record), record };
  } catch (e) {
    await discardRun(staged);
    throw e;
  }
}
