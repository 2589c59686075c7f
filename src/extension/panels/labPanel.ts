/**
 * A Dynamics lab panel: one lab diagnostic, its progress while it runs, then the saved run. Reopened from the run's
 * folder (Runs view, or the serializer after a reload) it reads metrics.json and computes nothing.
 */
import * as vscode from 'vscode';
import { parseFromLabView, type LabSettings, type ToLabView } from '../../shared/protocol';
import { readLabRun } from '../runs/labRunFolder';
import { copyLabPython } from '../copyPython/labPanelsCopyPython';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelDeps } from './runPanel';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

export const LAB_VIEW_TYPE = 'saescope.lab';

/** The part of the webview's saved state the serializer needs: the run's folder once saved. */
interface LabPanelState {
  folder?: string | null;
}

const TITLES: Record<LabSettings['mode'], string> = { fitTime: 'Lab: loss against time', width: 'Lab: loss against width', probe: 'Lab: truth probes' };

export class LabPanel {
  /** Everything sent so far, replayed whenever the webview says `ready` (a panel hidden and shown again starts a fresh page). */
  private readonly sent: ToLabView[] = [];
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'lab', panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  /** A panel for a diagnostic that runs now. */
  static live(deps: PanelDeps, id: string, settings: LabSettings): LabPanel {
    const view = vscode.window.createWebviewPanel(LAB_VIEW_TYPE, TITLES[settings.mode], vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri));
    const lab = new LabPanel(view, deps);
    lab.send({ kind: 'running', id, settings });
    return lab;
  }

  /** A saved run, from its folder. */
  static async open(deps: PanelDeps, folder: string): Promise<void> {
    const name = folder.split(/[\\/]/).pop() ?? folder;
    const lab = new LabPanel(vscode.window.createWebviewPanel(LAB_VIEW_TYPE, `Lab ${name}`, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), deps);
    await lab.showSaved(folder);
  }

  /** After a reload: a saved run is read again from its folder; one that was running is gone. */
  static async restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const lab = new LabPanel(panel, deps);
    const folder = (state as LabPanelState | undefined)?.folder;
    if (typeof folder === 'string') await lab.showSaved(folder);
    else lab.failed('This diagnostic was still running when the window closed, so it stopped before it was saved; run it again.');
  }

  progress(message: string): void {
    // Only the latest progress line matters to a page that comes back.
    if (this.sent.at(-1)?.kind === 'progress') this.sent.pop();
    this.send({ kind: 'progress', message });
  }

  async showSaved(folder: string): Promise<void> {
    try {
      this.send({ kind: 'record', record: await readLabRun(folder), folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  private send(message: ToLabView): void {
    this.sent.push(message);
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const message = parseFromLabView(data);
      if (message.kind === 'ready') {
        this.ready = true;
        for (const m of this.sent) void this.panel.webview.postMessage(m);
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      } else if (message.kind === 'copyPython') {
        await copyLabPython(message);
      } else {
        await saveData(message);
      }
    } catch (e) {
      this.deps.output.error(`lab panel: ${(e as Error).message}`);
    }
  }
}
