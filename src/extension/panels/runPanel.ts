/**
 * A Run panel, the training dashboard: an SAE's or a toy model's run, with live charts and the checkpoints as they
 * are written while it trains, and the final metrics once saved. Reopened from the run's folder, it reads
 * metrics.json and computes nothing.
 */
import * as vscode from 'vscode';
import {
  checkpointStep,
  parseFromRunView,
  type CheckpointEntry,
  type ToRunView,
  type ToyRecord,
  type ToyTrainSettings,
  type TrainPoint,
  type TrainSettings,
} from '../../shared/protocol';
import { checkpointTarget } from '../runs/checkpointPath';
import { isToyRun, readAnyRun } from '../runs/runFolder';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

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
  /** Where a live run trains: checkpoint paths resolve against it until the run is saved. */
  private staging: string | undefined;
  private isToy = false;
  /** Checkpoint paths the panel was sent, the only ones it may open. */
  private readonly checkpoints: string[] = [];

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

  /** A panel for an SAE that is training now in `staging`. */
  static live(deps: PanelDeps, id: string, settings: TrainSettings, staging?: string): RunPanel {
    const run = new RunPanel(vscode.window.createWebviewPanel(RUN_VIEW_TYPE, `Run ${id}`, vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri)), deps);
    run.staging = staging;
    run.send({ kind: 'live', id, settings });
    return run;
  }

  /** A panel for a toy model that is training now in `staging`. */
  static liveToy(deps: PanelDeps, id: string, settings: ToyTrainSettings, staging: string): RunPanel {
    const run = new RunPanel(vscode.window.createWebviewPanel(RUN_VIEW_TYPE, `Run ${id}`, vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri)), deps);
    run.staging = staging;
    run.isToy = true;
    run.send({ kind: 'liveToy', id, settings });
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

  toyRecord(record: ToyRecord): void {
    this.send({ kind: 'toyRecord', record });
  }

  checkpoint(checkpoint: CheckpointEntry): void {
    this.checkpoints.push(checkpoint.path);
    this.send({ kind: 'checkpoint', checkpoint });
  }

  async showSaved(folder: string): Promise<void> {
    this.folder = folder;
    try {
      const record = await readAnyRun(folder);
      this.checkpoints.push(...record.checkpoints);
      this.isToy = isToyRun(record);
      this.send(isToyRun(record) ? { kind: 'toyRun', run: record, folder } : { kind: 'record', record, folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  /** SAE checkpoints open in the inspector; toy checkpoints are not SAEs, so the panel offers no Open for them. */
  private async openCheckpoint(path: string): Promise<void> {
    const folder = this.folder ?? this.staging;
    const target = folder && !this.isToy ? checkpointTarget(folder, this.checkpoints, path) : undefined;
    if (!target) throw new Error(`not a checkpoint of this run: ${path}`);
    this.deps.output.info(`run panel: opening checkpoint step ${checkpointStep(path)} at ${target}`);
    await vscode.commands.executeCommand('saescope.openSae', vscode.Uri.file(target));
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
      } else if (message.kind === 'openCheckpoint') {
        await this.openCheckpoint(message.path);
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      } else if (message.kind === 'exportData') {
        await saveData(message);
      }
    } catch (e) {
      this.deps.output.error(`run panel: ${(e as Error).message}`);
    }
  }
}
