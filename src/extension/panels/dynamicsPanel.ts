/**
 * A Dynamics panel: one LLC or influence job, drawn as it runs (each checkpoint's λ̂ as it is done), then the saved run.
 * Reopened from the run's folder (Runs view, or the serializer after a reload) it reads metrics.json and computes nothing.
 */
import * as vscode from 'vscode';
import { parseFromDynamicsView, type CheckpointLlcView, type DynamicsJob, type ToDynamicsView } from '../../shared/protocol';
import { readDynamicsRun } from '../runs/dynamicsRunFolder';
import { copyDynamicsPython } from '../copyPython/labPanelsCopyPython';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelDeps } from './runPanel';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

export const DYNAMICS_VIEW_TYPE = 'saescope.dynamics';

/** The part of the webview's saved state the serializer needs: the run's folder once saved. */
interface DynamicsPanelState {
  folder?: string | null;
}

export function dynamicsTitle(job: DynamicsJob): string {
  if (job.kind === 'influence') return 'Influence trajectories';
  return job.settings.mode === 'family' ? `LLC: ${job.settings.model}` : 'LLC across checkpoints';
}

export class DynamicsPanel {
  /** Everything sent so far, replayed whenever the webview says `ready` (a hidden panel shown again starts a fresh page). */
  private readonly sent: ToDynamicsView[] = [];
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'dynamics', panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  /** A panel for a job that runs now. */
  static live(deps: PanelDeps, id: string, job: DynamicsJob): DynamicsPanel {
    const view = vscode.window.createWebviewPanel(DYNAMICS_VIEW_TYPE, dynamicsTitle(job), vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri));
    const dynamics = new DynamicsPanel(view, deps);
    dynamics.send({ kind: 'running', id, job });
    return dynamics;
  }

  /** A saved run, from its folder. */
  static async open(deps: PanelDeps, folder: string): Promise<void> {
    const name = folder.split(/[\\/]/).pop() ?? folder;
    const dynamics = new DynamicsPanel(vscode.window.createWebviewPanel(DYNAMICS_VIEW_TYPE, name, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), deps);
    await dynamics.showSaved(folder);
  }

  /** After a reload: a saved run is read again from its folder; one that was running cannot come back. */
  static async restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const dynamics = new DynamicsPanel(panel, deps);
    const folder = (state as DynamicsPanelState | undefined)?.folder;
    if (typeof folder === 'string') await dynamics.showSaved(folder);
    else dynamics.failed('This job was still running when the window closed, so it stopped before it was saved; run it again.');
  }

  checkpoint(checkpoint: CheckpointLlcView): void {
    this.send({ kind: 'checkpoint', checkpoint });
  }

  progress(message: string): void {
    // Only the latest progress line matters to a page that comes back.
    if (this.sent.at(-1)?.kind === 'progress') this.sent.pop();
    this.send({ kind: 'progress', message });
  }

  async showSaved(folder: string): Promise<void> {
    try {
      this.send({ kind: 'record', record: await readDynamicsRun(folder), folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  private send(message: ToDynamicsView): void {
    this.sent.push(message);
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const message = parseFromDynamicsView(data);
      if (message.kind === 'ready') {
        this.ready = true;
        for (const m of this.sent) void this.panel.webview.postMessage(m);
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      } else if (message.kind === 'copyPython') {
        await copyDynamicsPython(message.record);
      } else {
        await saveData(message);
      }
    } catch (e) {
      this.deps.output.error(`dynamics panel: ${(e as Error).message}`);
    }
  }
}
