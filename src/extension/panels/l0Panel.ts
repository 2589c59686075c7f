/**
 * An L0 Diagnostics panel: one sweep, drawn as it streams (curves, table, heatmap), then the saved run. Reopened
 * from the run's folder (Runs view, or the serializer after a reload) it reads metrics.json and computes nothing.
 */
import * as vscode from 'vscode';
import { parseFromL0View, type L0RecommendationData, type L0SweepRow, type L0SweepSettings, type L0SweepStart, type ToL0View } from '../../shared/protocol';
import { copyPython } from '../copyPython/copyPython';
import { l0Snippet } from '../copyPython/l0Snippet';
import { readL0Run } from '../runs/l0RunFolder';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelDeps } from './runPanel';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

export const L0_VIEW_TYPE = 'saescope.l0';

/** The part of the webview's saved state the serializer needs: the run's folder once saved. */
interface L0PanelState {
  folder?: string | null;
}

export class L0Panel {
  private readonly queued: ToL0View[] = [];
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'l0', panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  /** A panel for a sweep that runs now. */
  static live(deps: PanelDeps, id: string, settings: L0SweepSettings): L0Panel {
    const view = vscode.window.createWebviewPanel(L0_VIEW_TYPE, `L0 Diagnostics ${settings.data}`, vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri));
    const l0 = new L0Panel(view, deps);
    l0.send({ kind: 'live', id, settings });
    return l0;
  }

  /** A saved sweep, from its folder. */
  static async open(deps: PanelDeps, folder: string): Promise<void> {
    const name = folder.split(/[\\/]/).pop() ?? folder;
    const l0 = new L0Panel(vscode.window.createWebviewPanel(L0_VIEW_TYPE, `L0 Diagnostics ${name}`, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), deps);
    await l0.showSaved(folder);
  }

  static async restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const l0 = new L0Panel(panel, deps);
    const folder = (state as L0PanelState | undefined)?.folder;
    if (typeof folder === 'string') await l0.showSaved(folder);
    else l0.send({ kind: 'error', message: 'This sweep was still running when the window closed, so it stopped; run L0 Diagnostics again.' });
  }

  progress(message: string, fraction: number): void {
    this.send({ kind: 'progress', message, fraction });
  }

  start(start: L0SweepStart): void {
    this.send({ kind: 'start', start });
  }

  row(row: L0SweepRow, recommended: L0RecommendationData | null): void {
    this.send({ kind: 'row', row, recommended });
  }

  async showSaved(folder: string): Promise<void> {
    try {
      this.send({ kind: 'record', record: await readL0Run(folder), folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  private send(message: ToL0View): void {
    // The webview drops messages sent before it listens, so they wait for its `ready`.
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queued.push(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const message = parseFromL0View(data);
      if (message.kind === 'ready') {
        this.ready = true;
        for (const queued of this.queued.splice(0)) this.send(queued);
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      } else if (message.kind === 'copyPython') {
        await copyPython(l0Snippet(message), 'this L0 sweep');
      } else {
        await saveData(message);
      }
    } catch (e) {
      this.deps.output.error(`L0 panel: ${(e as Error).message}`);
    }
  }
}
