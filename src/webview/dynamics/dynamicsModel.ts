/** What a Dynamics panel shows, built from the host's messages one at a time, and the view state it keeps. */
import type { CheckpointLlcView, DynamicsJob, DynamicsRunRecord, ToDynamicsView } from '../../shared/protocol';

export type DynamicsStatus = 'waiting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface DynamicsModel {
  id: string | null;
  job: DynamicsJob | null;
  status: DynamicsStatus;
  /** The latest progress line while running; the error once failed. */
  message: string;
  /** An LLC run's checkpoints as they finish, before the saved record. */
  live: CheckpointLlcView[];
  record: DynamicsRunRecord | null;
  folder: string | null;
  /** The checkpoint whose traces are drawn (view state); null for the last. */
  selected: number | null;
}

export const WAITING: DynamicsModel = { id: null, job: null, status: 'waiting', message: '', live: [], record: null, folder: null, selected: null };

export function reduce(model: DynamicsModel, message: ToDynamicsView): DynamicsModel {
  switch (message.kind) {
    case 'running':
      return { ...WAITING, id: message.id, job: message.job, status: 'running', message: 'starting…', selected: message.id === model.id ? model.selected : null };
    case 'checkpoint':
      return { ...model, live: [...model.live, message.checkpoint] };
    case 'progress':
      return model.status === 'running' ? { ...model, message: message.message } : model;
    case 'record': {
      const { record, folder } = message;
      return {
        id: record.id,
        job: record.kind === 'llc' ? { kind: 'llc', settings: record.settings } : { kind: 'influence', settings: record.settings },
        status: record.outcome.cancelled ? 'cancelled' : 'done',
        message: '',
        live: [],
        record,
        folder,
        selected: model.folder === folder || model.id === record.id ? model.selected : null,
      };
    }
    case 'error':
      // What finished stays on screen beside the error.
      return { ...model, status: 'failed', message: message.message };
  }
}

/**
 * The webview's saved state: view state only. The data comes back from the host, which replays what it sent when a
 * hidden panel is shown again and reads the run's folder after a reload; `folder` is what its serializer reads.
 */
export interface SavedDynamicsState {
  folder: string | null;
  id: string | null;
  selected: number | null;
  scrollY: number;
}

export const savedStateOf = (model: DynamicsModel, scrollY: number): SavedDynamicsState => ({ folder: model.folder, id: model.id, selected: model.selected, scrollY });

/** The state a page saved, checked again (it may come from an older version of the panel); undefined if unusable. */
export function readSavedState(value: unknown): SavedDynamicsState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<Record<keyof SavedDynamicsState, unknown>>;
  return {
    folder: typeof state.folder === 'string' ? state.folder : null,
    id: typeof state.id === 'string' ? state.id : null,
    selected: typeof state.selected === 'number' && Number.isSafeInteger(state.selected) && state.selected >= 0 ? state.selected : null,
    scrollY: typeof state.scrollY === 'number' ? state.scrollY : 0,
  };
}

/** The model a page starts from: the view state it saved, waiting for the host's data. */
export const restoredModel = (saved: SavedDynamicsState | undefined): DynamicsModel => (saved ? { ...WAITING, folder: saved.folder, id: saved.id, selected: saved.selected } : WAITING);
