/** Styles every SAE Scope panel shares: VS Code's fonts and colours, tables, headings. */
import { css } from 'lit';

export const panelStyles = css`
  :host { display: block; padding: 0 1rem 1rem; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  h1 { font-size: 1.3em; font-weight: 600; margin: 0.8rem 0 0.4rem; }
  h2 { font-size: 1.1em; font-weight: 600; margin: 1.2rem 0 0.4rem; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 2px 14px 2px 0; border-bottom: 1px solid var(--vscode-panel-border); }
  th { color: var(--vscode-descriptionForeground); font-weight: normal; }
  td.number { text-align: right; font-family: var(--vscode-editor-font-family); font-variant-numeric: tabular-nums; }
  .muted { color: var(--vscode-descriptionForeground); }
  .error { color: var(--vscode-errorForeground); }
  .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
  .busy { display: flex; align-items: center; gap: 0.5rem; color: var(--vscode-descriptionForeground); }
`;
