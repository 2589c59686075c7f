/** What the inspector keeps across hide, reload and reopen (webview setState). */
import { LATENT_COLUMNS, type LatentColumn } from '../../shared/protocol';

export interface InspectorState {
  scrollTop: number;
  sortBy: LatentColumn;
  descending: boolean;
  search: string;
  selected: number | null;
}

export const INITIAL_STATE: InspectorState = { scrollTop: 0, sortBy: 'index', descending: false, search: '', selected: null };

/** Saved state is unchecked (an older version may have saved it): take what still makes sense. */
export function restoreState(saved: unknown): InspectorState {
  if (typeof saved !== 'object' || saved === null) return INITIAL_STATE;
  const s = saved as Record<string, unknown>;
  return {
    scrollTop: typeof s.scrollTop === 'number' && s.scrollTop >= 0 ? s.scrollTop : 0,
    sortBy: LATENT_COLUMNS.includes(s.sortBy as LatentColumn) ? (s.sortBy as LatentColumn) : 'index',
    descending: s.descending === true,
    search: typeof s.search === 'string' ? s.search : '',
    selected: typeof s.selected === 'number' && Number.isInteger(s.selected) && s.selected >= 0 ? s.selected : null,
  };
}
