/**
 * What a Dynamics lab panel shows, built from the host's messages one at a time, and kept in the webview's saved
 * state so a hidden or reloaded panel draws again without asking the engine for anything.
 */
import { parseLabOutcome, parseLabSettings, type LabOutcome, type LabSettings, type ToLabView } from '../../shared/protocol';

export type LabStatus = 'waiting' | 'running' | 'done' | 'cancelled' | 'failed';
const STATUSES: readonly LabStatus[] = ['waiting', 'running', 'done', 'cancelled', 'failed'];

export interface LabModel {
  id: string | null;
  settings: LabSettings | null;
  status: LabStatus;
  /** The latest progress line while running; the error once failed. */
  message: string;
  outcome: LabOutcome | null;
  /** The saved run's folder, once saved. */
  folder: string | null;
  seconds: number | null;
}

export const WAITING: LabModel = { id: null, settings: null, status: 'waiting', message: '', outcome: null, folder: null, seconds: null };

export function reduce(model: LabModel, message: ToLabView): LabModel {
  switch (message.kind) {
    case 'running':
      return { ...WAITING, id: message.id, settings: message.settings, status: 'running', message: 'starting…' };
    case 'progress':
      return model.status === 'running' ? { ...model, message: message.message } : model;
    case 'record': {
      const { record, folder } = message;
      return { id: record.id, settings: record.settings, status: record.outcome.cancelled ? 'cancelled' : 'done', message: '', outcome: record.outcome, folder, seconds: record.seconds };
    }
    case 'error':
      return { ...model, status: 'failed', message: message.message };
  }
}

/** The webview's saved state; `folder` sits on top because the host's serializer reads it. */
export interface SavedLabState {
  folder: string | null;
  model: LabModel;
  scrollY: number;
}

/** The state a page saved, checked again (it may come from an older version of the panel); undefined if unusable. */
export function readSavedState(value: unknown): SavedLabState | undefined {
  try {
    const state = value as SavedLabState;
    const m = state.model;
    const model: LabModel = {
      id: typeof m.id === 'string' ? m.id : null,
      settings: m.settings === null ? null : parseLabSettings(m.settings, 'saved settings'),
      status: STATUSES.includes(m.status) ? m.status : 'waiting',
      message: typeof m.message === 'string' ? m.message : '',
      outcome: m.outcome === null ? null : parseLabOutcome(m.outcome, 'saved outcome'),
      folder: typeof m.folder === 'string' ? m.folder : null,
      seconds: typeof m.seconds === 'number' ? m.seconds : null,
    };
    return { folder: model.folder, model, scrollY: typeof state.scrollY === 'number' ? state.scrollY : 0 };
  } catch {
    return undefined;
  }
}
