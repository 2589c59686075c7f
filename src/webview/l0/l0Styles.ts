/** Styles of the L0 panel beyond the shared panel styles. */
import { css } from 'lit';

export const l0ViewStyles = css`
  .recommendation { font-size: 1.1em; margin: 0.6rem 0 0.1rem; }
  .rule { margin-top: 0; max-width: 60rem; }
  .number { font-family: var(--vscode-editor-font-family); font-variant-numeric: tabular-nums; }
  .l0-table tbody tr { cursor: pointer; }
  .l0-table tr.recommended td { font-weight: 600; }
  .l0-table tr.selected td { background: var(--vscode-list-inactiveSelectionBackground); }
  .l0-table tr:hover td { background: var(--vscode-list-hoverBackground); }
  .chart .muted { cursor: help; }
  saescope-export-data { margin-top: 0.4rem; }
`;
