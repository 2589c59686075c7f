/**
 * What a Hedging panel shows, built from the host's messages one at a time, and kept in the webview's saved state
 * so a hidden or reloaded panel draws again without asking the engine for anything.
 */
import {
  parseHedgingOutcome,
  parseHedgingSettings,
  withPart,
  type HedgingOutcome,
  type HedgingSettings,
  type ToHedgingView,
} from '../../shared/protocol';

export type HedgingStatus = 'waiting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface HedgingModel {
  id: string | null;
  settings: HedgingSettings | null;
  status: HedgingStatus;
  /** The latest progress line while running; the error once failed. */
  message: string;
  outcome: HedgingOutcome | null;
  /** The saved run's folder, once saved. */
  folder: string | null;
  seconds: number | null;
}

export const WAITING: HedgingModel = { id: null, settings: null, status: 'waiting', message: '', outcome: null, folder: null, seconds: null };

export function reduce(model: HedgingModel, message: ToHedgingView): HedgingModel {
  switch (message.kind) {
    case 'running':
      return { ...WAITING, id: message.id, settings: message.settings, status: 'running', message: 'starting…' };
    case 'part':
      return { ...model, outcome: withPart(model.outcome, message.part) };
    case 'progress':
      return model.status === 'running' ? { ...model, message: message.message } : model;
    case 'record': {
      const { record, folder } = message;
      return {
        id: record.id,
        settings: record.settings,
        status: record.outcome.cancelled ? 'cancelled' : 'done',
        message: '',
        outcome: record.outcome,
        folder,
        seconds: record.seconds,
      };
    }
    case 'error':
      // The parts that finished stay on screen beside the error.
      return { ...model, status: 'failed', message: message.message };
  }
}

/** The webview's saved state; `folder` sits on top because the host's serializer reads it. */
export interface SavedHedgingState {
  folder: string | null;
  model: HedgingModel;
  scrollY: number;
}

/** The state a page saved, checked again (it may come from an older version of the panel); undefined if unusable. */
export function readSavedState(value: unknown): SavedHedgingState | undefined {
  try {
    const state = value as SavedHedgingState;
    const m = state.model;
    const model: HedgingModel = {
      id: typeof m.id === 'string' ? m.id : null,
      settings: m.settings === null ? null : parseHedgingSettings(m.settings, 'saved settings'),
      status: (['waiting', 'running', 'done', 'cancelled', 'failed'] as const).includes(m.status) ? m.status : 'waiting',
      message: typeof m.message === 'string' ? m.message : '',
      outcome: m.outcome === null ? null : parseHedgingOutcome(m.outcome, 'saved outcome'),
      folder: typeof m.folder === 'string' ? m.folder : null,
      seconds: typeof m.seconds === 'number' ? m.seconds : null,
    };
    return { folder: model.folder, model, scrollY: typeof state.scrollY === 'number' ? state.scrollY : 0 };
  } catch {
    return undefined;
  }
}
