/** How the dashboard's state follows the host's messages, and what comes back from setState after a reload. */
import { checkpointStep, type CheckpointEntry, type ToRunView } from '../../shared/protocol';
import type { RunViewState } from './runView';

export function applyRunMessage(run: RunViewState | undefined, message: ToRunView): RunViewState | undefined {
  switch (message.kind) {
    case 'live':
      return { kind: 'sae', id: message.id, settings: message.settings, history: [], metrics: null, folder: null, error: null, checkpoints: [] };
    case 'point':
      return run?.kind === 'sae' ? { ...run, history: [...run.history, message.point] } : run;
    case 'record': {
      const { record, folder } = message;
      return { kind: 'sae', id: record.id, settings: record.settings, history: record.history, metrics: record.metrics, folder, error: null, checkpoints: entries(record.checkpoints) };
    }
    case 'liveToy':
      return { kind: 'toy', id: message.id, settings: message.settings, records: [], saved: null, folder: null, error: null, checkpoints: [] };
    case 'toyRecord':
      return run?.kind === 'toy' ? { ...run, records: [...run.records, message.record] } : run;
    case 'toyRun': {
      const { run: saved, folder } = message;
      return {
        kind: 'toy',
        id: saved.id,
        settings: saved.settings,
        records: saved.records,
        saved: { cancelled: saved.cancelled, steps: saved.steps, seconds: saved.seconds, config: saved.config },
        folder,
        error: null,
        checkpoints: entries(saved.checkpoints),
      };
    }
    case 'checkpoint':
      return run && !run.checkpoints.some((c) => c.path === message.checkpoint.path) ? { ...run, checkpoints: [...run.checkpoints, message.checkpoint] } : run;
    case 'error':
      // A run that fails before it is saved is removed with its checkpoints.
      return run ? { ...run, error: message.message, checkpoints: run.folder ? run.checkpoints : [] } : undefined;
  }
}

/** What setState kept; only its shape is checked, since the host sends the saved run afresh. States saved before toy runs have no kind. */
export function restoredRun(saved: unknown): RunViewState | undefined {
  if (typeof saved !== 'object' || saved === null || !('id' in saved) || !('settings' in saved)) return undefined;
  const state = saved as Partial<RunViewState> & Record<string, unknown>;
  const checkpoints = Array.isArray(state.checkpoints) ? state.checkpoints : [];
  if (state.kind === 'toy' && Array.isArray(state.records)) return { ...(state as RunViewState), checkpoints };
  if (Array.isArray(state.history)) return { ...(state as RunViewState), kind: 'sae', checkpoints } as RunViewState;
  return undefined;
}

function entries(paths: string[]): CheckpointEntry[] {
  return paths.map((path) => ({ step: checkpointStep(path), path }));
}
