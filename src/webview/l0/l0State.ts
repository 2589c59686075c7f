/** The L0 panel's view state (kept with setState) and how each host message changes it. */
import type { L0RecommendationData, L0SweepRow, L0SweepSettings, ToL0View } from '../../shared/protocol';

export interface L0ViewState {
  id: string;
  settings: L0SweepSettings;
  dIn: number | null;
  width: number | null;
  trueL0: number | null;
  rows: L0SweepRow[];
  recommended: L0RecommendationData | null;
  /** Training progress while no SAE has finished: the panel's own progress line. */
  progress: { message: string; fraction: number } | null;
  /** Set once saved: the run's folder, which the panel serializer reopens. */
  folder: string | null;
  cancelled: boolean;
  /** Engine seconds (data, training, evaluation) once the sweep is saved. */
  seconds: { data: number; training: number; evaluation: number; total: number } | null;
  error: string | null;
  /** The row whose heatmap is shown (user's choice); null follows the recommended row. */
  selected: number | null;
}

export function applyMessage(state: L0ViewState | undefined, message: ToL0View): L0ViewState | undefined {
  switch (message.kind) {
    case 'live':
      return {
        id: message.id, settings: message.settings, dIn: null, width: null, trueL0: null, rows: [], recommended: null,
        progress: null, folder: null, cancelled: false, seconds: null, error: null, selected: null,
      };
    case 'start':
      return state && { ...state, dIn: message.start.dIn, width: message.start.width, trueL0: message.start.trueL0 };
    case 'progress':
      return state && { ...state, progress: { message: message.message, fraction: message.fraction } };
    case 'row':
      return state && { ...state, rows: [...state.rows.filter((r) => r.index !== message.row.index), message.row], recommended: message.recommended };
    case 'record': {
      const { record, folder } = message;
      const o = record.outcome;
      return {
        id: record.id, settings: record.settings, dIn: o.dIn, width: o.width, trueL0: o.trueL0, rows: o.rows, recommended: o.recommended,
        progress: null, folder, cancelled: o.cancelled, seconds: o.seconds, error: null,
        selected: state?.id === record.id ? state.selected : null,
      };
    }
    case 'error':
      return state ? { ...state, error: message.message } : undefined;
  }
}

/** What setState kept; only its shape is checked, since a saved run is sent afresh from its folder. */
export function savedL0State(saved: unknown): L0ViewState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const s = saved as Partial<L0ViewState>;
  return typeof s.id === 'string' && typeof s.settings === 'object' && Array.isArray(s.rows) ? (saved as L0ViewState) : undefined;
}
