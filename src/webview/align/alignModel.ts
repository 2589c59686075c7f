/**
 * What an Alignment panel shows, built from the host's messages one at a time, and the chart's choices, which the
 * webview keeps in its saved state.
 */
import { ALIGN_METRICS, type AlignMetric, type AlignRunRecord, type AlignSettings, type ToAlignView } from '../../shared/protocol';

export type AlignStatus = 'waiting' | 'running' | 'done' | 'failed';

export interface AlignModel {
  status: AlignStatus;
  settings: AlignSettings | null;
  /** The latest progress line while running; the error once failed. */
  message: string;
  fraction: number | null;
  record: AlignRunRecord | null;
  /** The saved run's folder, once saved. */
  folder: string | null;
}

/** What the per-unit chart shows. */
export interface ChartChoice {
  metric: AlignMetric;
  /** Index into the outcome's directions (0: A→B, 1: B→A). */
  direction: number;
}

export const WAITING: AlignModel = { status: 'waiting', settings: null, message: '', fraction: null, record: null, folder: null };
export const DEFAULT_CHOICE: ChartChoice = { metric: 'semi', direction: 0 };

export function reduce(model: AlignModel, message: ToAlignView): AlignModel {
  switch (message.kind) {
    case 'running':
      return { ...WAITING, status: 'running', settings: message.settings, message: 'starting…' };
    case 'progress':
      return model.status === 'running' ? { ...model, message: message.message, fraction: message.fraction ?? model.fraction } : model;
    case 'record':
      return { status: 'done', settings: message.record.settings, message: '', fraction: null, record: message.record, folder: message.folder };
    case 'error':
      return { ...model, status: 'failed', message: message.message };
  }
}

/**
 * The webview's saved state: the chart's choices and the scroll position. The run itself is not kept here: the host
 * sends it again whenever the page comes back (it replays what it sent, or reads the run's folder after a reload).
 * `folder` is what the host's serializer reads.
 */
export interface SavedAlignState {
  folder: string | null;
  choice: ChartChoice;
  scrollY: number;
}

/** The state a page saved, checked again (it may come from an older version of the panel); undefined if unusable. */
export function readSavedState(value: unknown): SavedAlignState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<SavedAlignState>;
  const c = (typeof state.choice === 'object' && state.choice !== null ? state.choice : {}) as Partial<ChartChoice>;
  const choice: ChartChoice = {
    metric: ALIGN_METRICS.includes(c.metric as AlignMetric) ? (c.metric as AlignMetric) : DEFAULT_CHOICE.metric,
    direction: c.direction === 1 ? 1 : 0,
  };
  return { folder: typeof state.folder === 'string' ? state.folder : null, choice, scrollY: typeof state.scrollY === 'number' ? state.scrollY : 0 };
}
