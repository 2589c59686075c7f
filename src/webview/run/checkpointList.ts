/** The dashboard's checkpoint table: step and file of each checkpoint as it is written, with Open for SAE checkpoints. */
import { html, nothing } from 'lit';
import type { CheckpointEntry } from '../../shared/protocol';

/** `open` is given for SAE runs (their checkpoints open in the inspector); null lists files only. */
export function checkpointList(entries: CheckpointEntry[], training: boolean, open: ((path: string) => void) | null) {
  if (entries.length === 0) return training ? html`<h2>Checkpoints</h2><p class="muted">None written yet.</p>` : nothing;
  return html`
    <h2>Checkpoints</h2>
    <table class="checkpoints">
      <thead><tr><th>step</th><th>file</th>${open ? html`<th></th>` : nothing}</tr></thead>
      <tbody>
        ${[...entries]
          .sort((a, b) => a.step - b.step)
          .map(
            (c) => html`<tr>
              <td class="number">${c.step}</td>
              <td>${c.path}</td>
              ${open ? html`<td><vscode-button secondary @click=${() => open(c.path)}>Open</vscode-button></td>` : nothing}
            </tr>`,
          )}
      </tbody>
    </table>
  `;
}
