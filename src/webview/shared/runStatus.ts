/** The status lines the diagnostic views share. Each view imports vscode-progress-ring, which these draw. */
import { html } from 'lit';

export interface RunState {
  status: 'waiting' | 'running' | 'done' | 'cancelled' | 'failed';
  /** The latest progress line while running; the error once failed. */
  message: string;
  folder: string | null;
}

/** The page before the host has said what runs: waiting, or why it failed under the panel's `heading`. */
export function waitingOrFailed(heading: string, m: RunState | undefined) {
  return m?.status === 'failed'
    ? html`<h1>${heading}</h1><p class="error">${m.message}</p>`
    : html`<p class="busy"><vscode-progress-ring></vscode-progress-ring>Waiting…</p>`;
}

/** Running, failed, or saved (`kept` says what a cancelled run kept) with the engine's seconds. */
export function runStatus(m: RunState, seconds: number | null | undefined, kept: string) {
  switch (m.status) {
    case 'running':
      return html`<p class="busy status"><vscode-progress-ring></vscode-progress-ring>Running: ${m.message}</p>`;
    case 'failed':
      return html`<p class="error status">${m.message}</p>`;
    case 'cancelled':
      return html`<p class="status">Cancelled: ${kept}. <span class="muted">Saved in ${m.folder} (${seconds?.toFixed(1)} s).</span></p>`;
    case 'done':
      return html`<p class="muted status">Saved in ${m.folder} (${seconds?.toFixed(1)} s).</p>`;
    default:
      return '';
  }
}
