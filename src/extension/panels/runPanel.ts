/**
 * A Run panel: a training run's settings, live loss / L0 / explained-variance charts while it trains, and the
 * final metrics once saved. Reopened from the run's folder, it reads metrics.json and computes nothing.
 */
import * as vscode from 'vscode';
import { parseFromRunView, type RunRecord, type ToRunView, type TrainPoint, type TrainSettings } from '../../shared/protocol';
import { readRun } from '../runs/runFolder';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { saveChart } from './saveChart';

export const RUN_VIEW_TYPE = 'saescope.run';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
}

/** What the serializer keeps to bring the panel back: the run's folder. */
interface RunPanelState {
  folder?: string;
}

export class RunPanel {
  private readonly messages: ToRunView[] = [];
  private ready = false;
  private folder: string | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'run', panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  /** A panel for a run that is training now. */
  static live(deps: PanelDeps, id: string, settings: TrainSettings): RunPanel {
    const run = new RunPanel(vscode.window.createWebviewPanel(RUN_VIEW_TYPE, `Run ${id}`, vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri)), deps);
    run.send({ kind: 'live', id, settings });
    return run;
  }

  /** A saved run, from its folder. */
  static async open(deps: PanelDeps, folder: string): Promise<void> {
    const run = new RunPanel(vscode.window.createWebviewPanel(RUN_VIEW_TYPE, `Run ${folder.split(/[\\/]/).pop()}`, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), deps);
    await run.showSaved(folder);
  }

  static async restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const run = new RunPanel(panel, deps);
    const folder = (state as RunPanelState | undefined)?.folder;
    if (typeof folder === 'string') await run.showSaved(folder);
    else run.send({ kind: 'error', message: 'This run was still training when the window closed; open it again from the SAE Scope view once saved.' });
  }

  point(point: TrainPoint): void {
    this.send({ kind: 'point', point });
  }

  async showSaved(folder: string): Promise<void> {
    this.folder = folder;
    try {
      const record: RunRecord = await readRun(folder);
      this.send({ kind: 'record', record, folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  private send(message: ToRunView): void {
    // The webview drops messages sent before it listens, so they wait for its `ready`.
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.messages.push(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const message = parseFromRunView(data);
      if (message.kind === 'ready') {
        this.ready = true;
        for (const queued of this.messages.splice(0)) this.send(queued);
      } else if (message.kind === 'openSae' && this.folder) {
        await vscode.commands.executeCommand('saescope.openSae', vscode.Uri.file(this.folder));
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      }
    } catch (e) {
      this.deps.output.error(`run panel: ${(e as Error).message}`);
    }
  }
}
