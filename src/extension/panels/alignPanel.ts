/**
 * An Alignment panel: an alignment job's progress while it runs, then the saved run. Reopened from the run's folder
 * (Runs view, or the serializer after a reload) it reads metrics.json and computes nothing.
 */
import * as vscode from 'vscode';
import { parseFromAlignView, type AlignSettings, type ToAlignView } from '../../shared/protocol';
import { readAlignRun } from '../runs/alignRunFolder';
import { copyAlignPython } from '../copyPython/labPanelsCopyPython';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelDeps } from './runPanel';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

export const ALIGN_VIEW_TYPE = 'saescope.align';

/** The part of the webview's saved state the serializer needs: the run's folder once saved. */
interface AlignPanelState {
  folder?: string | null;
}

export class AlignPanel {
  /** Everything sent so far, replayed whenever the webview says `ready` (it drops messages while not listening). */
  private readonly sent: ToAlignView[] = [];
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'align', panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  /** A panel for an alignment that runs now. */
  static live(deps: PanelDeps, id: string, settings: AlignSettings): AlignPanel {
    const view = vscode.window.createWebviewPanel(ALIGN_VIEW_TYPE, 'Alignment', vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri));
    const align = new AlignPanel(view, deps);
    align.send({ kind: 'running', id, settings });
    return align;
  }

  /** A saved run, from its folder. */
  static async open(deps: PanelDeps, folder: string): Promise<void> {
    const name = folder.split(/[\\/]/).pop() ?? folder;
    const align = new AlignPanel(vscode.window.createWebviewPanel(ALIGN_VIEW_TYPE, `Alignment ${name}`, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), deps);
    await align.showSaved(folder);
  }

  /** After a reload: a saved run is read again from its folder; one that was running had stopped and saved nothing. */
  static async restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const align = new AlignPanel(panel, deps);
    const folder = (state as AlignPanelState | undefined)?.folder;
    if (typeof folder === 'string') await align.showSaved(folder);
    else align.failed('This alignment was still running when the window closed, so it stopped before it was saved; run it again.');
  }

  progress(message: string, fraction: number | undefined): void {
    // Only the latest progress line matters to a page that comes back.
    if (this.sent.at(-1)?.kind === 'progress') this.sent.pop();
    this.send({ kind: 'progress', message, fraction: fraction ?? null });
  }

  async showSaved(folder: string): Promise<void> {
    try {
      this.send({ kind: 'record', record: await readAlignRun(folder), folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  private send(message: ToAlignView): void {
    this.sent.push(message);
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const message = parseFromAlignView(data);
      if (message.kind === 'ready') {
        this.ready = true;
        for (const m of this.sent) void this.panel.webview.postMessage(m);
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      } else if (message.kind === 'copyPython') {
        await copyAlignPython(message.record);
      } else {
        await saveData(message);
      }
    } catch (e) {
      this.deps.output.error(`alignment panel: ${(e as Error).message}`);
    }
  }
}
